//! `sop rule`: the documentation of one rule, or the list of them.

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;

use sop::rules::Rule;

pub fn run(id: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut stdout = anstream::stdout().lock();
    match id {
        Some(id) => {
            let Some(rule) = Rule::from_id(id) else {
                bail!("there is no rule `{id}`; `sop rule` lists them");
            };
            writeln!(
                stdout,
                "# {} ({})\n",
                rule.id(),
                rule.default_severity().as_str()
            )?;
            writeln!(stdout, "{}", rule.docs())?;
        }
        None => {
            for rule in Rule::all() {
                writeln!(
                    stdout,
                    "{:<22} {:<8} {}",
                    rule.id(),
                    rule.default_severity().as_str(),
                    rule.summary()
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
