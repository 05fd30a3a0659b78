//! Reading one file, the same way for every command: never block on a FIFO
//! or device, never read more than the file size limit (also from files
//! such as those of `/proc` that report no size), and one UTF-8 policy
//! (a byte-order mark is accepted; anything else that is not UTF-8 is not).

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("it is {0}, not a regular file; it was not read")]
    NotRegular(&'static str),
    #[error(
        "the file is more than {} MiB, the most an SOP file may have (`file-size-mib` under `[limits]` in sop.toml)",
        .limit / (1024 * 1024)
    )]
    TooLarge { limit: u64 },
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// `valid_up_to` bytes are UTF-8; `prefix` is that text, for a code frame.
    #[error("the file is not UTF-8 text (byte {valid_up_to} is not valid UTF-8)")]
    NotUtf8 { valid_up_to: usize, prefix: String },
}

/// Reads a regular file of at most `limit` bytes as text. A byte-order mark
/// is dropped: editors do not show it, so lines and columns stay where they
/// show them.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    decode(read_bytes(path, limit)?)
}

/// The bytes of a file read as [`read_text`] does, as text by the same
/// policy: for a caller that must keep the bytes as they are too.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(error) => {
            let valid_up_to = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid_up_to]).into_owned();
            Err(ReadError::NotUtf8 {
                valid_up_to,
                prefix,
            })
        }
    }
}

/// The bytes of a regular file of at most `limit` bytes, read as [`read_text`] reads them.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_without_blocking(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular(kind_of(&metadata.file_type())));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    // The size can change after `metadata`, and some files report none:
    // read one byte past the cap to know.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Opens for reading; on Unix with `O_NONBLOCK`, so that opening a FIFO
/// returns at once (its type is then refused by the caller).
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What a file that is not a regular file is, in words.
pub fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("sop-read-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn a_byte_order_mark_keeps_columns() {
        let path = temp_file("bom.yaml", b"\xef\xbb\xbfid: A\n");
        assert_eq!(read_text(&path, 1024).unwrap(), "id: A\n");
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn latin1_is_not_text() {
        let path = temp_file("latin1.yaml", b"title: caf\xe9\n");
        match read_text(&path, 1024) {
            Err(ReadError::NotUtf8 {
                valid_up_to,
                prefix,
            }) => {
                assert_eq!(valid_up_to, 10);
                assert_eq!(prefix, "title: caf");
            }
            other => panic!("{other:?}"),
        }
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn a_file_past_the_limit_is_refused_even_when_it_reports_no_size() {
        let path = temp_file("big.yaml", &[b'a'; 2048]);
        assert!(matches!(
            read_text(&path, 1024),
            Err(ReadError::TooLarge { limit: 1024 })
        ));
        std::fs::remove_file(path).unwrap();
        #[cfg(target_os = "linux")]
        {
            // Files of /proc report a size of 0 and can be any length.
            let proc_file = Path::new("/proc/self/maps");
            assert_eq!(std::fs::metadata(proc_file).unwrap().len(), 0);
            assert!(matches!(
                read_text(proc_file, 16),
                Err(ReadError::TooLarge { limit: 16 })
            ));
        }
    }

    #[test]
    fn a_folder_is_refused() {
        let error = read_text(&std::env::temp_dir(), 1024).unwrap_err();
        assert!(
            matches!(error, ReadError::NotRegular("a folder")),
            "{error:?}"
        );
    }
}
