//! `hoso tally FILE…`: adds up the committees' summary files (or folders of case files) into
//! the report of the level above, with its CSV.

use super::{Cli, OutArgs, files};
use hoso::Error;
use hoso::backend::Output;
use hoso::input::date::Date;
use hoso::tally::report::{self, ReportInfo};
use hoso::tally::{Organisation, Summary, Tally};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Tệp tổng hợp (`tong-hop-….json`, tải từ trang ủy ban kiểm tra của `hoso serve`) và
    /// thư mục tệp hồ sơ (mọi tệp `.json` bên trong, nhóm theo tổ chức đảng cấp trên).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Năm cần tính (chỉ cần khi các tệp hồ sơ thuộc nhiều năm).
    #[arg(long)]
    year: Option<u16>,
    /// Tổ chức đảng có ủy ban kiểm tra báo cáo (`Đảng bộ thành phố Cần Thơ`); cần khi cộng
    /// từ hai xã, phường trở lên.
    #[arg(long)]
    organisation: Option<String>,
    /// Ủy ban kiểm tra của tổ chức đó (`Ủy ban Kiểm tra Thành ủy Cần Thơ`).
    #[arg(long)]
    committee: Option<String>,
    /// Địa danh ghi trước ngày tháng.
    #[arg(long)]
    place: Option<String>,
    /// Số của báo cáo; bỏ trống thì để chỗ điền tay.
    #[arg(long)]
    number: Option<u32>,
    /// Ngày của báo cáo (năm-tháng-ngày); bỏ trống thì để chỗ điền tay.
    #[arg(long, value_name = "YYYY-MM-DD")]
    report_date: Option<String>,
    /// Người ký (chủ nhiệm ủy ban kiểm tra); bỏ trống thì để chỗ điền tay.
    #[arg(long)]
    signer: Option<String>,
    #[command(flatten)]
    out: OutArgs,
}

/// Every input as summaries: a file is a summary, a folder a set of case files.
fn summaries(args: &Args) -> Result<Vec<(String, Summary)>, Error> {
    let mut out = Vec::new();
    for input in &args.inputs {
        if input.is_dir() {
            let mut cases = Vec::new();
            for (name, text) in files::json_files(input)? {
                cases.push((name.clone(), hoso::input::read::json(&text, &name)?));
            }
            out.extend(hoso::tally::from_cases(&cases, args.year)?);
        } else {
            let name = input.display().to_string();
            out.push((
                name.clone(),
                hoso::tally::read_summary(&files::read_text(input)?, &name)?,
            ));
        }
    }
    Ok(out)
}

fn tally(args: &Args, parts: Vec<(String, Summary)>) -> Result<Tally, Error> {
    if parts.len() == 1 && args.organisation.is_none() {
        let (_, s) = parts.into_iter().next().expect("one part");
        return Ok(Tally::commune(s));
    }
    let name = args.organisation.clone().ok_or_else(|| {
        Error::invalid(
            "--organisation",
            format!(
                "cộng {} đơn vị thì cần tên đảng bộ cấp trên, ví dụ --organisation \"Đảng bộ thành phố Cần Thơ\"",
                parts.len()
            ),
            format!(
                "adding up {} units needs the organisation above them, e.g. --organisation \"Đảng bộ thành phố Cần Thơ\"",
                parts.len()
            ),
        )
    })?;
    let org = Organisation {
        name,
        committee: args.committee.clone().unwrap_or_default(),
        place: args.place.clone().unwrap_or_default(),
    };
    hoso::tally::merge(org, parts)
}

fn info(args: &Args) -> Result<ReportInfo, Error> {
    let date = match &args.report_date {
        None => None,
        Some(d) => Some(Date::parse_iso(d).ok_or_else(|| {
            Error::invalid(
                "--report-date",
                format!("«{d}» không phải ngày dạng năm-tháng-ngày, ví dụ 2026-09-15"),
                format!("«{d}» is not a date written year-month-day, e.g. 2026-09-15"),
            )
        })?),
    };
    Ok(ReportInfo {
        number: args.number,
        date,
        signer: args.signer.clone(),
    })
}

pub fn run(cli: &Cli, args: &Args) -> Result<(), Error> {
    let engine = cli.engine()?;
    let opts = args.out.options()?;
    let info = info(args)?;
    let tally = tally(args, summaries(args)?)?;
    let mut outputs = report::render(&engine, &tally, &info, &args.out.format.formats(), &opts)?;
    let target = report::target(&engine)?;
    outputs.push(Output {
        file_name: format!("tong-hop-{}.csv", tally.year),
        bytes: report::csv(&tally, &target),
    });
    files::write_all(&args.out.output, &outputs, args.out.force)?;
    files::report(&args.out.output, &outputs);
    let t = report::Totals::of(tally.cells().map(|(_, c)| c), &target);
    println!(
        "{} đơn vị, {} chi bộ: {} đạt chỉ tiêu ({}), {} chưa đạt",
        tally.units.len(),
        t.cells,
        t.met,
        report::percent(t.met, t.cells),
        t.unmet
    );
    Ok(())
}
