//! The training handout: one booklet per course, with a cover, a table of contents, an
//! overview of both procedures and every document of the sets, worked example then blank form.
//!
//! The booklet's own wording is a template (`handout/booklet.hoso`) like any document's; it
//! places each set document with an `@insert SET DOC example|blank` line, which is replaced
//! here by that document's blocks. The contents are filled in by laying the booklet out, reading
//! where each heading fell, and writing those page numbers in (the entries' width does not
//! depend on the numbers, so a second layout lands every heading on the same page).

use crate::document::{Block, ContentsEntry, Document, Meta};
use crate::error::{Error, Result};
use crate::input::date::Date;
use crate::input::text::TextWarning;
use crate::model::Model;
use crate::template::{Engine, RenderOptions};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

/// The booklet's template, under the template folder.
pub const TEMPLATE: &str = "handout/booklet.hoso";

/// One training course (lớp bồi dưỡng).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// Tên lớp, ví dụ «Lớp bồi dưỡng nghiệp vụ công tác kiểm tra, giám sát cho bí thư, phó bí
    /// thư chi bộ».
    pub title: String,
    /// Số thứ tự của lớp (7 trong «Lớp thứ 7/19»).
    pub number: u32,
    /// Tổng số lớp (19 trong «Lớp thứ 7/19»).
    pub of: u32,
    /// Ngày khai giảng, năm-tháng-ngày.
    pub from: String,
    /// Ngày bế giảng, năm-tháng-ngày.
    pub to: String,
    /// Địa điểm, ví dụ «Hội trường Đảng ủy xã Tân Hòa».
    pub venue: String,
    /// Cơ quan tổ chức, ví dụ «Ủy ban Kiểm tra Đảng ủy xã Tân Hòa».
    pub organiser: String,
    /// Cấp ủy của cơ quan tổ chức (dòng trên cùng của bìa), ví dụ «Đảng ủy xã Tân Hòa».
    #[serde(default)]
    pub superior: Option<String>,
    /// Địa danh in cuối bìa, ví dụ «Tân Hòa».
    pub place: String,
    /// Số học viên.
    pub participants: u32,
}

/// A course file: one course, or many (`courses`), each giving one booklet.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseFile {
    /// Một lớp.
    #[serde(default)]
    pub course: Option<Course>,
    /// Nhiều lớp: mỗi lớp một tài liệu.
    #[serde(default)]
    pub courses: Vec<Course>,
}

/// Reads a course file; errors name the field (`courses[3].from`) and the line.
pub fn parse_courses(text: &str, file: &str) -> Result<(Vec<Course>, Vec<TextWarning>)> {
    let mut value = crate::input::read::json(text, file)?;
    // Type errors are found on the user's text, so that they carry its line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, CourseFile>(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let raw = inner.to_string();
        let raw = raw
            .rsplit_once(" at line ")
            .map_or(raw.as_str(), |(m, _)| m);
        Error::invalid(
            format!("{file}: {path} (dòng {})", inner.line()),
            crate::input::read::serde_message_vi(raw),
            raw,
        )
    })?;
    let warnings = crate::input::read::clean(&mut value);
    let parsed: CourseFile = serde_json::from_value(value).map_err(|e| Error::Invalid {
        path: file.to_string(),
        message: crate::input::read::serde_message_vi(&e.to_string()),
    })?;
    // Where each course sits in the file, for messages.
    let places: Vec<String> = parsed
        .course
        .iter()
        .map(|_| "course".to_string())
        .chain((0..parsed.courses.len()).map(|i| format!("courses[{i}]")))
        .collect();
    let mut courses: Vec<Course> = parsed.course.into_iter().chain(parsed.courses).collect();
    if courses.is_empty() {
        return Err(Error::invalid(
            file,
            "tệp không có lớp nào: cần «course»: { … } hoặc «courses»: [ … ]",
            "the file holds no course: it needs «course»: { … } or «courses»: [ … ]",
        ));
    }
    let courses_seen = courses.clone();
    for (i, c) in courses.iter_mut().enumerate() {
        let at = |field: &str| format!("{file}: {}.{field}", places[i]);
        for (field, value) in [("from", &c.from), ("to", &c.to)] {
            if Date::parse_iso(value).is_none() {
                return Err(Error::invalid(
                    at(field),
                    format!("«{value}» không phải ngày dạng năm-tháng-ngày (2026-03-12)"),
                    format!("«{value}» is not a date written year-month-day (2026-03-12)"),
                ));
            }
        }
        if Date::parse_iso(&c.from) > Date::parse_iso(&c.to) {
            return Err(Error::invalid(
                at("to"),
                format!("ngày bế giảng {} trước ngày khai giảng {}", c.to, c.from),
                format!("the course ends ({}) before it opens ({})", c.to, c.from),
            ));
        }
        if c.number == 0 || c.number > c.of {
            return Err(Error::invalid(
                at("number"),
                format!(
                    "lớp thứ {} trên {} lớp: cần 1 ≤ number ≤ of",
                    c.number, c.of
                ),
                format!("course {} of {}: needs 1 ≤ number ≤ of", c.number, c.of),
            ));
        }
        if let Some(j) = (0..i).find(|&j| file_stem(&courses_seen[j]) == file_stem(c)) {
            return Err(Error::invalid(
                at("number"),
                format!(
                    "lớp thứ {} đã có ở {}: hai lớp sẽ ghi cùng một tệp {}",
                    c.number,
                    places[j],
                    file_stem(c)
                ),
                format!(
                    "course {} is already at {}: both would write the file {}",
                    c.number,
                    places[j],
                    file_stem(c)
                ),
            ));
        }
        let t = crate::input::text::clean;
        c.title = t(&c.title);
        c.venue = t(&c.venue);
        c.organiser = t(&c.organiser);
        c.place = t(&c.place);
        c.superior = c.superior.as_deref().map(t);
    }
    Ok((courses, warnings))
}

/// `12–13/03/2026`, or `30/3–02/4/2026` across months.
fn dates_text(from: Date, to: Date) -> String {
    if from == to {
        format!("{:02}/{:02}/{}", from.day, from.month, from.year)
    } else if from.month == to.month && from.year == to.year {
        format!(
            "{:02}–{:02}/{:02}/{}",
            from.day, to.day, from.month, from.year
        )
    } else {
        format!(
            "{:02}/{:02}/{}–{:02}/{:02}/{}",
            from.day, from.month, from.year, to.day, to.month, to.year
        )
    }
}

/// `tai-lieu-lop-07`: the booklet's file name, without extension.
pub fn file_stem(c: &Course) -> String {
    let width = c.of.to_string().len().max(2);
    format!("tai-lieu-lop-{:0width$}", c.number)
}

const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/// The documents of every set, worked and blank, rendered once for all courses.
pub struct Library {
    sets: Vec<SetDocs>,
    context: Json,
}

struct SetDocs {
    id: String,
    docs: Vec<(String, Document, Document)>,
}

impl Library {
    pub fn new(engine: &Engine, opts: &RenderOptions) -> Result<Library> {
        let mut sets = Vec::new();
        let mut sets_json = Vec::new();
        for set in engine.sets() {
            let Some(sample) = crate::input::read::sample(&set.id) else {
                continue;
            };
            let i = sets.len();
            let model = Model::build(&sample?)?;
            let model_json = serde_json::to_value(&model).map_err(|e| Error::Invalid {
                path: String::new(),
                message: e.to_string(),
            })?;
            let worked = engine.render_set(set, &model, opts)?;
            let blank = crate::dossier::blank_documents(engine, &set.id, None, opts)?;
            let mut docs_json = Vec::new();
            let mut docs = Vec::new();
            for ((spec, w), (_, b)) in worked.into_iter().zip(blank) {
                let date = spec
                    .date
                    .as_deref()
                    .and_then(|p| crate::template::lookup(&model_json, p))
                    .and_then(Json::as_str)
                    .map(str::to_string);
                docs_json.push(json!({
                    "id": spec.id,
                    "title": spec.title,
                    "phase": spec.phase,
                    "kind": spec.kind,
                    "issuer": spec.issuer,
                    "signature": spec.signature,
                    "date": date,
                }));
                docs.push((spec.id.clone(), w, b));
            }
            sets_json.push(json!({
                "id": set.id,
                "name": set.name,
                "name_upper": set.name.to_uppercase(),
                "roman": ROMAN.get(i).copied().unwrap_or("X"),
                "documents": docs_json,
            }));
            sets.push(SetDocs {
                id: set.id.clone(),
                docs,
            });
        }
        Ok(Library {
            sets,
            context: json!({
                "sets": sets_json,
                "phases": ["chuẩn bị", "tiến hành", "kết thúc"],
            }),
        })
    }

    fn document(&self, set: &str, id: &str, blank: bool) -> Option<&Document> {
        self.sets
            .iter()
            .find(|s| s.id == set)?
            .docs
            .iter()
            .find(|(d, _, _)| d == id)
            .map(|(_, w, b)| if blank { b } else { w })
    }
}

/// The template variables of a course's booklet.
fn course_json(c: &Course) -> Json {
    // Checked by `parse_courses`; a course built in code with a bad date reads as 2000-01-01.
    let fallback = Date::new(2000, 1, 1).expect("a valid date");
    let from = Date::parse_iso(&c.from).unwrap_or(fallback);
    let to = Date::parse_iso(&c.to).unwrap_or(fallback);
    json!({
        "title": c.title,
        "title_upper": c.title.to_uppercase(),
        "number": c.number,
        "of": c.of,
        "from": c.from,
        "to": c.to,
        "dates_text": dates_text(from, to),
        "month": from.month,
        "year": from.year,
        "venue": c.venue,
        "organiser": c.organiser,
        "organiser_upper": c.organiser.to_uppercase(),
        "superior": c.superior,
        "superior_upper": c.superior.as_ref().map(|s| s.to_uppercase()),
        "place": c.place,
        "participants": c.participants,
    })
}

/// The variables the booklet template sees for `course`.
pub fn context_json(library: &Library, course: &Course) -> Json {
    let mut ctx = library.context.clone();
    if let Json::Object(m) = &mut ctx {
        m.insert("course".into(), course_json(course));
    }
    ctx
}

/// The sample course (`samples/khoa-hoc.json`), for checks of a template folder.
pub fn sample_course() -> Result<Course> {
    let text = include_str!("../samples/khoa-hoc.json");
    parse_courses(text, "samples/khoa-hoc.json")?
        .0
        .into_iter()
        .next()
        .ok_or_else(|| Error::Invalid {
            path: "samples/khoa-hoc.json".to_string(),
            message: "không có lớp nào".to_string(),
        })
}

/// Builds a course's booklet, its contents filled with the pages the PDF layout gives.
pub fn booklet(
    engine: &Engine,
    library: &Library,
    course: &Course,
    opts: &RenderOptions,
) -> Result<Document> {
    let markup = engine.render_template(TEMPLATE, &context_json(library, course))?;
    let mut blocks = Vec::new();
    let mut chunk = String::new();
    // Line numbers of each chunk start, so that a markup error names the template's line.
    let mut chunk_start = 1;
    let flush = |chunk: &mut String, start: usize, blocks: &mut Vec<Block>| -> Result<()> {
        if !chunk.trim().is_empty() {
            blocks.extend(engine.parse_markup(TEMPLATE, chunk, start)?);
        }
        chunk.clear();
        Ok(())
    };
    for (i, line) in markup.lines().enumerate() {
        let Some(rest) = line.trim().strip_prefix("@insert ") else {
            chunk.push_str(line);
            chunk.push('\n');
            continue;
        };
        flush(&mut chunk, chunk_start, &mut blocks)?;
        chunk_start = i + 2;
        // Values printed into the line are escaped for the markup: undo it.
        let rest = rest.replace('\\', "");
        let parts: Vec<&str> = rest.split_whitespace().collect();
        let bad = |message: String| Error::Markup {
            template: engine.files().display_path(TEMPLATE),
            line: i + 1,
            text: line.trim().to_string(),
            message,
        };
        let [set, id, which] = parts[..] else {
            return Err(bad(
                "cần «@insert BỘ VĂN_BẢN example|blank», ví dụ «@insert kiem-tra KT-01 example»"
                    .to_string(),
            ));
        };
        let blank = match which {
            "example" => false,
            "blank" => true,
            _ => return Err(bad(format!("«{which}»: chỉ dùng example hoặc blank"))),
        };
        let doc = library
            .document(set, id, blank)
            .ok_or_else(|| bad(format!("không có văn bản {id} trong bộ «{set}»")))?;
        blocks.extend(doc.blocks.iter().cloned());
    }
    flush(&mut chunk, chunk_start, &mut blocks)?;

    let profile = engine.profile();
    let title = format!(
        "Tài liệu bồi dưỡng – Lớp thứ {}/{}",
        course.number, course.of
    );
    let mut doc = Document {
        meta: Meta {
            title: title.clone(),
            subject: course.title.clone(),
            author: opts
                .author
                .clone()
                .unwrap_or_else(|| course.organiser.clone()),
            language: "vi-VN".to_string(),
            date: opts.date.clone(),
            identifier: file_stem(course),
            draft: opts.draft.then(|| profile.draft.clone()),
            archival: opts.archival,
        },
        page: profile.page.clone(),
        styles: profile.style_list(),
        blocks,
    };
    fill_contents(&mut doc);
    Ok(doc)
}

/// A course's booklet in the given formats.
pub fn render(
    engine: &Engine,
    library: &Library,
    course: &Course,
    formats: &[crate::backend::Format],
    opts: &RenderOptions,
) -> Result<Vec<crate::backend::Output>> {
    let doc = booklet(engine, library, course, opts)?;
    formats
        .iter()
        .map(|f| {
            Ok(crate::backend::Output {
                file_name: format!("{}.{}", file_stem(course), f.ext()),
                bytes: f.render(&doc)?,
            })
        })
        .collect()
}

/// Every course's booklet, made on `jobs` threads (booklets are independent), each handed to
/// `sink` as soon as it is made. Stops at the first error, which is returned.
pub fn render_all(
    engine: &Engine,
    courses: &[Course],
    formats: &[crate::backend::Format],
    opts: &RenderOptions,
    jobs: usize,
    sink: &(dyn Fn(Vec<crate::backend::Output>) -> Result<()> + Sync),
) -> Result<()> {
    let library = Library::new(engine, opts)?;
    let first_error: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);
    let failed = || first_error.lock().map(|e| e.is_some()).unwrap_or(true);
    crate::pool::run(jobs, courses.iter(), &|c: &Course| {
        if failed() {
            return;
        }
        let made = crate::pool::catch(|| render(engine, &library, c, formats, opts).and_then(sink))
            .unwrap_or_else(|what| {
                Err(Error::Backend {
                    format: "tài liệu bồi dưỡng",
                    message: format!("một luồng dựng tài liệu dừng vì lỗi trong hoso: {what}"),
                })
            });
        if let Err(e) = made
            && let Ok(mut slot) = first_error.lock()
        {
            slot.get_or_insert(e);
        }
    });
    match first_error.into_inner() {
        Ok(Some(e)) => Err(e),
        _ => Ok(()),
    }
}

/// Writes the headings and their pages into every `Contents` block.
pub fn fill_contents(doc: &mut Document) {
    let headings = doc.headings();
    let mut pages: Vec<Option<usize>> = vec![None; headings.len()];
    for _ in 0..3 {
        let entries: Vec<ContentsEntry> = headings
            .iter()
            .zip(&pages)
            .map(|((level, text), page)| ContentsEntry {
                level: *level,
                text: text.clone(),
                page: *page,
            })
            .collect();
        for b in &mut doc.blocks {
            if let Block::Contents(e) = b {
                *e = entries.clone();
            }
        }
        let found: Vec<Option<usize>> = crate::layout::heading_pages(doc)
            .into_iter()
            .map(Some)
            .collect();
        if found == pages {
            break;
        }
        pages = found;
    }
}

/// The JSON Schema of a course file (`hoso schema --course`).
pub fn course_schema_json() -> String {
    crate::input::schema::root_schema::<CourseFile>(
        None,
        "Lớp bồi dưỡng (hoso handout): một lớp hoặc danh sách lớp",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        let d = |s| Date::parse_iso(s).unwrap();
        assert_eq!(
            dates_text(d("2026-03-12"), d("2026-03-13")),
            "12–13/03/2026"
        );
        assert_eq!(
            dates_text(d("2026-03-30"), d("2026-04-02")),
            "30/03/2026–02/04/2026"
        );
    }

    #[test]
    fn a_course_file_says_what_is_wrong_and_where() {
        let e = parse_courses(r#"{"courses": [{"title": "x"}]}"#, "k.json").unwrap_err();
        assert!(e.to_string().contains("courses[0]"), "{e}");
        let ok = include_str!("../samples/khoa-hoc.json");
        let (c, _) = parse_courses(ok, "khoa-hoc.json").unwrap();
        assert_eq!(c[0].number, 7);
        assert_eq!(file_stem(&c[0]), "tai-lieu-lop-07");
        let twice = format!(
            r#"{{"courses": [{0}, {0}]}}"#,
            serde_json::to_string(&c[0]).unwrap()
        );
        let e = parse_courses(&twice, "k.json").unwrap_err();
        assert!(e.to_string().contains("courses[1].number"), "{e}");
        let bad = ok.replace("2026-03-13", "13/03/2026");
        let e = parse_courses(&bad, "k.json").unwrap_err();
        assert!(e.to_string().contains("course.to"), "{e}");
    }
}
