//! Reading one file, the same way for every command: never block on a FIFO
//! or device, never read more than [`MAX_FILE_SIZE`], and one UTF-8 policy
//! (a byte-order mark is accepted; anything else that is not UTF-8 is not).

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

/// Files larger than this are not read (an SOP is a few kilobytes).
pub const MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("it is {0}, not a regular file; it was not read")]
    NotRegular(&'static str),
    #[error("the file is {0} bytes, more than the {MAX_FILE_SIZE} an SOP may have")]
    TooLarge(u64),
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// `valid_up_to` bytes are UTF-8; `prefix` is that text, for a code frame.
    #[error("the file is not UTF-8 text (byte {valid_up_to} is not valid UTF-8)")]
    NotUtf8 { valid_up_to: usize, prefix: String },
}

/// Reads a regular file as text. A byte-order mark is dropped: editors do
/// not show it, so lines and columns stay where they show them.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = read_bytes(path)?;
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

fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = open_without_blocking(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular(kind_of(&metadata.file_type())));
    }
    if metadata.len() > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    // The size can change after `metadata`, and some files report none:
    // read one byte past the cap to know.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge(bytes.len() as u64));
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
        assert_eq!(read_text(&path).unwrap(), "id: A\n");
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn latin1_is_not_text() {
        let path = temp_file("latin1.yaml", b"title: caf\xe9\n");
        match read_text(&path) {
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
    fn a_folder_is_refused() {
        let error = read_text(&std::env::temp_dir()).unwrap_err();
        assert!(
            matches!(error, ReadError::NotRegular("a folder")),
            "{error:?}"
        );
    }
}
