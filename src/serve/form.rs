//! The case and cell forms, generated from the case file's JSON Schema: one input per field,
//! labelled from the schema's Vietnamese descriptions, in the order the input types declare;
//! and the way back, from posted fields (named by their JSON path) to the case-file JSON.
//!
//! Values that do not parse (a date typed 31/02/2026) are kept as typed, so that nothing is
//! lost, and reported beside their field until fixed.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::fmt::Write;

use hoso::backend::html::escape;

/// Fields that name a member of the cell: chosen from the roster, never retyped.
const PERSON_FIELDS: &[&str] = &[
    "case.subject",
    "case.team[].name",
    "case.meeting.chair",
    "case.meeting.secretary",
    "case.meeting.absent[].name",
    "case.meeting.opinions[].name",
    "annual_plan.items[].subject",
];

/// Text fields that take paragraphs rather than a line.
const LONG_FIELDS: &[&str] = &[
    "text",
    "self_report",
    "finding",
    "member_opinion",
    "subject_statement",
    "chair_summary",
    "topic",
    "content",
    "remarks",
];

/// One section of a form: its title, the phase whose documents it feeds (matching the
/// manifests' `phase`), and the JSON paths of the fields it shows.
pub struct Section {
    pub title: &'static str,
    pub phase: Option<&'static str>,
    pub paths: Vec<&'static str>,
}

/// The sections of a set's case form.
pub fn sections(set: &str) -> Vec<Section> {
    let plan = Section {
        title: "Kế hoạch kiểm tra, giám sát năm",
        phase: None,
        paths: vec!["annual_plan.number", "annual_plan.date", "annual_plan.year"],
    };
    if set == "nam" {
        return vec![Section {
            title: "Kế hoạch kiểm tra, giám sát năm",
            phase: Some("chuẩn bị"),
            paths: vec![
                "annual_plan.number",
                "annual_plan.date",
                "annual_plan.year",
                "annual_plan.items",
                "annual_plan.routine",
            ],
        }];
    }
    let what = if set == "giam-sat" {
        "case.topic"
    } else {
        "case.contents"
    };
    vec![
        plan,
        Section {
            title: "1. Chuẩn bị",
            phase: Some("chuẩn bị"),
            paths: vec![
                "case.subject",
                what,
                "case.period",
                "case.start",
                "case.end",
                "case.proposed_by",
                "case.team",
                "case.outside_team",
                "case.report_deadline",
                "case.decision",
                "case.plan",
                "case.announcement",
                "case.copies",
            ],
        },
        Section {
            title: "2. Tiến hành",
            phase: Some("tiến hành"),
            paths: vec![
                "case.self_report",
                "case.working_session",
                "case.verification",
                "case.team_report",
            ],
        },
        Section {
            title: "3. Kết thúc",
            phase: Some("kết thúc"),
            paths: vec![
                "case.meeting",
                "case.findings",
                "case.notice",
                "case.handover",
            ],
        },
    ]
}

/// The cell form: one section.
pub fn cell_section() -> Section {
    Section {
        title: "Chi bộ",
        phase: None,
        paths: vec![
            "cell.name",
            "cell.superior",
            "cell.place",
            "cell.inspection_committee",
            "cell.issuer_code",
            "cell.term",
            "cell.total_members",
            "cell.full_members",
            "cell.probationary_members",
            "cell.members",
        ],
    }
}

/// The schema and what the starter files teach: key order and placeholder texts.
pub struct Forms {
    schema: Value,
    /// Normalised object path (`case.team[]`) → its keys in declaration order.
    order: HashMap<String, Vec<String>>,
    /// Normalised field path → the starter file's placeholder text.
    placeholders: HashMap<String, String>,
}

/// A field's type, as the form treats it.
enum Kind<'a> {
    Object(&'a Map<String, Value>),
    Array(&'a Value),
    Str,
    Date,
    Time,
    Int,
    Bool,
    Enum(Vec<(String, String)>),
}

struct Field<'a> {
    kind: Kind<'a>,
    nullable: bool,
    description: String,
}

/// A message shown beside a field: from the form itself (a value that does not parse) or
/// from the rules.
#[derive(Clone, Debug)]
pub struct Note {
    pub path: String,
    pub error: bool,
    pub text: String,
}

/// What the form is drawn with besides the value.
pub struct Ctx<'a> {
    pub members: &'a [String],
    /// Rule findings and other notes, by the JSON path they name.
    pub notes: &'a [Note],
}

/// What drawing a form found: notes it placed (by index into `Ctx::notes`), problems of its
/// own (values that do not parse, required fields left empty) per path.
#[derive(Default)]
pub struct Drawn {
    pub html: String,
    pub placed: Vec<usize>,
    pub problems: Vec<Note>,
    pub empty: Vec<String>,
}

impl Forms {
    pub fn new() -> Forms {
        let schema: Value =
            serde_json::from_str(&hoso::input::schema::schema_json()).expect("the schema is JSON");
        let mut order = HashMap::new();
        let mut placeholders = HashMap::new();
        for set in ["kiem-tra", "giam-sat", "nam"] {
            let text = hoso::input::schema::init_json(set).expect("a starter per set");
            let mut de = serde_json::Deserializer::from_str(&text);
            if let Ok(tree) = Ordered::deserialize(&mut de) {
                tree.learn("", &mut order, &mut placeholders);
            }
        }
        Forms {
            schema,
            order,
            placeholders,
        }
    }

    fn resolve<'a>(&'a self, node: &'a Value) -> (&'a Value, Option<&'a str>) {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or("");
                (&self.schema["$defs"][name], Some(name))
            }
            None => (node, None),
        }
    }

    fn field<'a>(&'a self, node: &'a Value) -> Field<'a> {
        let own = node
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("");
        if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
            let inner = any
                .iter()
                .find(|v| v.get("type") != Some(&json!("null")))
                .unwrap_or(&Value::Null);
            let mut f = self.field(inner);
            f.nullable = any.iter().any(|v| v.get("type") == Some(&json!("null")));
            if !own.is_empty() {
                f.description = own.to_string();
            }
            return f;
        }
        let (target, name) = self.resolve(node);
        let description = if own.is_empty() {
            target
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        } else {
            own.to_string()
        };
        let (ty, nullable) = match target.get("type") {
            Some(Value::Array(ts)) => (
                ts.iter()
                    .filter_map(Value::as_str)
                    .find(|t| *t != "null")
                    .unwrap_or("string"),
                ts.iter().any(|t| t == "null"),
            ),
            Some(Value::String(t)) => (t.as_str(), false),
            _ => ("string", false),
        };
        let kind = match (name, ty) {
            (Some("Date"), _) => Kind::Date,
            (Some("Time"), _) => Kind::Time,
            _ if target.get("oneOf").is_some() || target.get("enum").is_some() => {
                Kind::Enum(enum_options(target))
            }
            (_, "object") => Kind::Object(
                target
                    .get("properties")
                    .and_then(Value::as_object)
                    .expect("object schemas have properties"),
            ),
            (_, "array") => Kind::Array(&target["items"]),
            (_, "integer") => Kind::Int,
            (_, "boolean") => Kind::Bool,
            _ => Kind::Str,
        };
        Field {
            kind,
            nullable,
            description,
        }
    }

    /// The schema node of a dotted path of property names (`case.meeting`).
    fn node_at(&self, path: &str) -> &Value {
        let mut node = &self.schema;
        for key in path.split('.') {
            let (target, _) = self.resolve(node);
            let target = match target.get("anyOf").and_then(Value::as_array) {
                Some(any) => self.resolve(&any[0]).0,
                None => target,
            };
            node = &target["properties"][key];
        }
        node
    }

    fn ordered_keys<'a>(&self, path: &str, props: &'a Map<String, Value>) -> Vec<&'a String> {
        let mut keys: Vec<&String> = props.keys().collect();
        if let Some(order) = self.order.get(&normalise(path)) {
            keys.sort_by_key(|k| order.iter().position(|o| o == *k).unwrap_or(usize::MAX));
        }
        keys
    }

    /// Draws the fields of one section for `value` (the whole case-file JSON).
    pub fn draw(&self, section: &Section, value: &Value, ctx: &Ctx, out: &mut Drawn) {
        for path in &section.paths {
            let node = self.node_at(path);
            let v = get_path(value, path).unwrap_or(&Value::Null);
            self.draw_node(node, path, v, ctx, out);
        }
    }

    fn draw_node(&self, node: &Value, path: &str, v: &Value, ctx: &Ctx, out: &mut Drawn) {
        let f = self.field(node);
        let (mut label, hint) = label_of(&f.description, path);
        if matches!(f.kind, Kind::Enum(_)) && label.contains('«') {
            // «Loại việc: «kiem-tra» … hoặc «giam-sat» …»: the options say the rest.
            let short = label.split(':').next().unwrap_or("");
            label = short.split(" («").next().unwrap_or("").to_string();
        }
        match &f.kind {
            Kind::Object(props) => {
                let _ = write!(
                    out.html,
                    "<fieldset class=\"group\" data-path=\"{}\"><legend>{}</legend>",
                    escape(path),
                    escape(&label)
                );
                notes_into(path, ctx, out);
                let on = !v.is_null();
                if f.nullable {
                    let _ = write!(
                        out.html,
                        "<label class=\"check\"><input type=\"checkbox\" name=\"{}._on\" value=\"1\"{}> Có phần này</label>",
                        escape(path),
                        if on { " checked" } else { "" }
                    );
                }
                if on || !f.nullable {
                    for key in self.ordered_keys(path, props) {
                        let child = format!("{path}.{key}");
                        let cv = v.get(key).unwrap_or(&Value::Null);
                        self.draw_node(&props[key], &child, cv, ctx, out);
                    }
                } else {
                    out.html
                        .push_str("<p class=\"hint\">Đánh dấu «Có phần này» rồi lưu để điền.</p>");
                }
                out.html.push_str("</fieldset>");
            }
            Kind::Array(items) => self.draw_array(items, path, &label, v, ctx, out),
            _ => self.draw_leaf(&f, path, &label, &hint, v, ctx, out),
        }
    }

    fn draw_array(
        &self,
        items: &Value,
        path: &str,
        label: &str,
        v: &Value,
        ctx: &Ctx,
        out: &mut Drawn,
    ) {
        let _ = write!(
            out.html,
            "<fieldset class=\"list\" id=\"f-{}\" data-path=\"{}\"><legend>{}</legend>",
            escape(path),
            escape(path),
            escape(label)
        );
        notes_into(path, ctx, out);
        let list = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
        for (i, item) in list.iter().enumerate() {
            let child = format!("{path}[{i}]");
            out.html.push_str("<div class=\"item\">");
            self.draw_node(items, &child, item, ctx, out);
            let _ = write!(
                out.html,
                "<button type=\"submit\" class=\"remove\" name=\"_act\" value=\"del:{}\" formnovalidate>Xoá mục {}</button></div>",
                escape(&child),
                i + 1
            );
        }
        let _ = write!(
            out.html,
            "<button type=\"submit\" class=\"add\" name=\"_act\" value=\"add:{}\" formnovalidate>+ Thêm mục</button></fieldset>",
            escape(path)
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_leaf(
        &self,
        f: &Field,
        path: &str,
        label: &str,
        hint: &str,
        v: &Value,
        ctx: &Ctx,
        out: &mut Drawn,
    ) {
        let id = format!("i-{path}");
        let _ = write!(
            out.html,
            "<div class=\"field\" data-path=\"{}\"><label for=\"{}\">{}</label>",
            escape(path),
            escape(&id),
            escape(label)
        );
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        // An empty line of a list is left out of the documents (see `pruned`), not missing.
        let list_line = path.ends_with(']');
        if text.trim().is_empty() && !f.nullable && !list_line && !matches!(f.kind, Kind::Bool) {
            out.empty.push(path.to_string());
        }
        let own: Vec<Note> = self
            .control(f, path, &id, &text, v, ctx, &mut out.html)
            .into_iter()
            .map(|text| Note {
                path: path.to_string(),
                error: true,
                text: text.to_string(),
            })
            .collect();
        let dated = matches!(f.kind, Kind::Date | Kind::Time);
        if !hint.is_empty() && !dated {
            let _ = write!(out.html, "<small class=\"hint\">{}</small>", escape(hint));
        }
        notes_into_with(path, ctx, &own, out);
        out.problems.extend(own);
        out.html.push_str("</div>");
    }

    /// The input of one field; returns what is wrong with the value it holds.
    #[allow(clippy::too_many_arguments)]
    fn control(
        &self,
        f: &Field,
        path: &str,
        id: &str,
        text: &str,
        v: &Value,
        ctx: &Ctx,
        html: &mut String,
    ) -> Option<&'static str> {
        let (id, name, value) = (escape(id), escape(path), escape(text));
        let norm = normalise(path);
        let input = |class: &str, extra: &str| {
            format!(
                "<input type=\"text\"{class} id=\"{id}\" name=\"{name}\" value=\"{value}\"{extra}>"
            )
        };
        match &f.kind {
            Kind::Bool => {
                let checked = if v == &Value::Bool(true) {
                    " checked"
                } else {
                    ""
                };
                let _ = write!(
                    html,
                    "<input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"1\"{checked}>"
                );
                None
            }
            Kind::Enum(options) => {
                enum_select(&id, &name, v.as_str(), options, html);
                None
            }
            Kind::Str if PERSON_FIELDS.contains(&norm.as_str()) => {
                person_select(&id, &name, text, ctx.members, html);
                (!text.is_empty() && !ctx.members.iter().any(|m| m == text))
                    .then_some("người này không có trong danh sách đảng viên của chi bộ")
            }
            Kind::Str => {
                let placeholder = self
                    .placeholders
                    .get(&norm)
                    .map(|p| format!(" placeholder=\"{}\"", escape(p)))
                    .unwrap_or_default();
                let long = LONG_FIELDS.contains(&path.rsplit('.').next().unwrap_or(""))
                    || path.ends_with(']');
                if long {
                    let _ = write!(
                        html,
                        "<textarea id=\"{id}\" name=\"{name}\" rows=\"3\"{placeholder}>{value}</textarea>"
                    );
                } else {
                    html.push_str(&input("", &placeholder));
                }
                None
            }
            Kind::Date => {
                let parsed = hoso::input::date::Date::parse_iso(text);
                let shown = parsed
                    .map(|d| format!("{:02}/{:02}/{}", d.day, d.month, d.year))
                    .unwrap_or_else(|| text.to_string());
                let _ = write!(
                    html,
                    "<input type=\"text\" class=\"date\" id=\"{id}\" name=\"{name}\" value=\"{}\" inputmode=\"numeric\" placeholder=\"dd/mm/yyyy\" autocomplete=\"off\">",
                    escape(&shown)
                );
                (!text.is_empty() && parsed.is_none())
                    .then_some("ngày không hợp lệ: viết ngày/tháng/năm, ví dụ 07/08/2026")
            }
            Kind::Time => {
                html.push_str(&input(
                    " class=\"time\"",
                    " inputmode=\"numeric\" placeholder=\"hh:mm\"",
                ));
                (!text.is_empty() && parse_time(text).is_none())
                    .then_some("giờ không hợp lệ: viết giờ:phút, ví dụ 08:00")
            }
            Kind::Int => {
                html.push_str(&input(" class=\"num\"", " inputmode=\"numeric\""));
                matches!(v, Value::String(s) if !s.is_empty())
                    .then_some("cần một số nguyên, ví dụ 2")
            }
            Kind::Object(_) | Kind::Array(_) => None,
        }
    }

    /// Reads the posted fields of the sections into `value` (the whole case-file JSON),
    /// leaving every other part of it as it was, then applies an add/remove action.
    pub fn apply(&self, sections: &[Section], value: &mut Value, posted: &Posted) {
        for s in sections {
            for path in &s.paths {
                let node = self.node_at(path);
                let v = self.read_node(node, path, posted);
                set_path(value, path, v);
            }
        }
        if let Some(act) = posted.get("_act") {
            if let Some(path) = act.strip_prefix("add:") {
                let node = self.array_items_at(value, path);
                if let Some(items) = node {
                    let blank = self.blank(items, &format!("{path}[]"));
                    if let Some(Value::Array(list)) = get_path_mut(value, path) {
                        list.push(blank);
                    }
                }
            } else if let Some(path) = act.strip_prefix("del:")
                && let Some((list_path, index)) = split_index(path)
                && let Some(Value::Array(list)) = get_path_mut(value, list_path)
                && index < list.len()
            {
                list.remove(index);
            }
        }
    }

    /// The items schema of the array at `path`, when the path names an array of the form.
    fn array_items_at(&self, value: &Value, path: &str) -> Option<&Value> {
        get_path(value, path)?.as_array()?;
        let mut node = &self.schema;
        for part in path_parts(path) {
            node = match part {
                Part::Key(k) => {
                    let f = self.field(node);
                    match f.kind {
                        Kind::Object(props) => props.get(k)?,
                        _ => return None,
                    }
                }
                Part::Index(_) => match self.field(node).kind {
                    Kind::Array(items) => items,
                    _ => return None,
                },
            };
        }
        match self.field(node).kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A new empty item of a list.
    fn blank(&self, node: &Value, path: &str) -> Value {
        let f = self.field(node);
        match f.kind {
            _ if f.nullable => Value::Null,
            Kind::Object(props) => {
                let mut m = Map::new();
                for (k, child) in props {
                    m.insert(k.clone(), self.blank(child, &format!("{path}.{k}")));
                }
                Value::Object(m)
            }
            Kind::Array(_) => json!([]),
            Kind::Bool => json!(false),
            Kind::Enum(options) => json!(options.first().map(|o| o.0.clone())),
            Kind::Str | Kind::Date | Kind::Time | Kind::Int => json!(""),
        }
    }

    fn read_node(&self, node: &Value, path: &str, posted: &Posted) -> Value {
        let f = self.field(node);
        let raw = posted.get(path).map(str::trim).unwrap_or("");
        match f.kind {
            Kind::Object(props) => {
                if f.nullable && posted.get(&format!("{path}._on")).is_none() {
                    return Value::Null;
                }
                let mut m = Map::new();
                for (k, child) in props {
                    m.insert(
                        k.clone(),
                        self.read_node(child, &format!("{path}.{k}"), posted),
                    );
                }
                Value::Object(m)
            }
            Kind::Array(items) => Value::Array(
                posted
                    .indices(path)
                    .into_iter()
                    .map(|i| self.read_node(items, &format!("{path}[{i}]"), posted))
                    .collect(),
            ),
            Kind::Bool => Value::Bool(posted.get(path).is_some()),
            _ if raw.is_empty() && f.nullable => Value::Null,
            Kind::Int => raw
                .parse::<u64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::from(raw)),
            Kind::Date => Value::from(parse_date(raw).unwrap_or_else(|| raw.to_string())),
            Kind::Time => Value::from(parse_time(raw).unwrap_or_else(|| raw.to_string())),
            Kind::Str | Kind::Enum(_) => Value::from(posted.get(path).unwrap_or("")),
        }
    }

    /// Empties the placeholder texts of a starter file, so that a new case shows hints, not
    /// values to delete; dates and numbers start empty too.
    pub fn clear_placeholders(&self, value: &mut Value, path: &str, node: &Value) {
        let f = self.field(node);
        match f.kind {
            Kind::Object(props) => {
                if let Value::Object(m) = value {
                    for (k, v) in m.iter_mut() {
                        if let Some(child) = props.get(k) {
                            let p = if path.is_empty() {
                                k.clone()
                            } else {
                                format!("{path}.{k}")
                            };
                            self.clear_placeholders(v, &p, child);
                        }
                    }
                }
            }
            Kind::Array(items) => {
                if let Value::Array(list) = value {
                    for (i, v) in list.iter_mut().enumerate() {
                        self.clear_placeholders(v, &format!("{path}[{i}]"), items);
                    }
                }
            }
            Kind::Str | Kind::Date | Kind::Time => {
                if value.is_string() && path != "set" && !path.ends_with("issuer_code") {
                    *value = json!("");
                }
            }
            Kind::Int | Kind::Bool | Kind::Enum(_) => {}
        }
    }

    pub fn root(&self) -> &Value {
        &self.schema
    }
}

/// The case file as the documents see it: empty lines of text lists (a paragraph added and not
/// yet written) left out. What is stored keeps them, so that the form still shows them.
pub fn pruned(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|v| !matches!(v, Value::String(s) if s.trim().is_empty()))
                .map(pruned)
                .collect(),
        ),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), pruned(v))).collect()),
        _ => value.clone(),
    }
}

/// A new cell's JSON: the name given, everything else to fill in.
pub fn new_cell_json(name: &str) -> Value {
    json!({
        "name": name, "superior": null, "place": "", "inspection_committee": "",
        "issuer_code": "CB", "term": null, "total_members": 0, "full_members": 0,
        "probationary_members": 0, "members": []
    })
}

fn enum_options(target: &Value) -> Vec<(String, String)> {
    if let Some(list) = target.get("oneOf").and_then(Value::as_array) {
        return list
            .iter()
            .filter_map(|v| {
                let value = v
                    .get("const")
                    .or_else(|| v.get("enum").and_then(|e| e.get(0)))?
                    .as_str()?
                    .to_string();
                let text = v
                    .get("description")
                    .and_then(Value::as_str)
                    .map(|d| d.split(" («").next().unwrap_or(d).trim_end_matches('.'))
                    .unwrap_or(&value)
                    .to_string();
                Some((value, text))
            })
            .collect();
    }
    target["enum"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(|s| (s.to_string(), s.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn enum_select(
    id: &str,
    name: &str,
    current: Option<&str>,
    options: &[(String, String)],
    html: &mut String,
) {
    let _ = write!(html, "<select id=\"{id}\" name=\"{name}\">");
    for (value, text) in options {
        let sel = if current == Some(value.as_str()) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            html,
            "<option value=\"{}\"{sel}>{}</option>",
            escape(value),
            escape(text)
        );
    }
    html.push_str("</select>");
}

/// `id` and `name` come escaped.
fn person_select(id: &str, name: &str, current: &str, members: &[String], html: &mut String) {
    let _ = write!(
        html,
        "<select class=\"person\" id=\"{id}\" name=\"{name}\"><option value=\"\">— chọn đảng viên —</option>"
    );
    let mut found = false;
    for m in members {
        let sel = m == current;
        found |= sel;
        let _ = write!(
            html,
            "<option{}>{}</option>",
            if sel { " selected" } else { "" },
            escape(m)
        );
    }
    if !found && !current.is_empty() {
        // Kept, so that a name not (yet) in the roster is not lost by a save.
        let _ = write!(
            html,
            "<option value=\"{}\" selected>{} (không có trong danh sách)</option>",
            escape(current),
            escape(current)
        );
    }
    html.push_str("</select>");
}

fn notes_into(path: &str, ctx: &Ctx, out: &mut Drawn) {
    notes_into_with(path, ctx, &[], out);
}

/// The messages list of a field: the form's own (a value it could not read), then the
/// rules' notes naming the field.
fn notes_into_with(path: &str, ctx: &Ctx, own: &[Note], out: &mut Drawn) {
    let norm = normalise(path);
    let mut html = String::new();
    for n in own {
        let _ = write!(html, "<li class=\"error\">{}</li>", escape(&n.text));
    }
    for (i, n) in ctx.notes.iter().enumerate() {
        if n.path == path || n.path == norm {
            out.placed.push(i);
            let _ = write!(
                html,
                "<li class=\"{}\">{}</li>",
                if n.error { "error" } else { "warning" },
                escape(&n.text)
            );
        }
    }
    let _ = write!(
        out.html,
        "<ul class=\"msgs\" data-for=\"{}\">{html}</ul>",
        escape(path)
    );
}

/// Label and hint from a schema description: the first sentence, split at «ví dụ».
fn label_of(description: &str, path: &str) -> (String, String) {
    if path.ends_with(']') {
        let n = split_index(path).map_or(0, |(_, i)| i + 1);
        return (format!("Mục {n}"), String::new());
    }
    let first = description
        .split(". ")
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .replace(" (năm-tháng-ngày)", "")
        .replace(" (null)", "")
        .replace(" (giờ:phút)", "");
    // Parentheses that speak of the JSON (`cell.members`) are for editors of the file, not
    // for the form.
    let first = match first.find(" (") {
        Some(i) if first[i..].contains("cell.") => first[..i].to_string(),
        _ => first,
    };
    let (label, hint) = match first.split_once(", ví dụ ") {
        Some((l, h)) => (l.to_string(), format!("Ví dụ {h}")),
        None => (first.clone(), String::new()),
    };
    if label.is_empty() {
        (path.rsplit('.').next().unwrap_or(path).to_string(), hint)
    } else {
        (label, hint)
    }
}

/// `case.team[2].name` → `case.team[].name`: the form of paths the rules and the starter
/// files use for "any item".
pub fn normalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// A date as people write it (`d/m/yyyy`, ISO, `ngày … tháng … năm …`) → ISO `yyyy-mm-dd`, if
/// it is a real date.
pub fn parse_date(s: &str) -> Option<String> {
    hoso::input::date::Date::parse_written(s)
        .ok()
        .map(|d| d.to_string())
}

/// `8:00`, `8h`, `08h30`, `0800`… → `08:00`.
pub fn parse_time(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase().replace('h', ":");
    let (h, m) = match s.split_once(':') {
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None if s.len() == 4 => s.split_at(2),
        None => (s.as_str(), "0"),
    };
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// Posted form fields by name (the last value of a repeated name wins).
pub struct Posted(HashMap<String, String>);

impl Posted {
    pub fn parse(body: &[u8]) -> Posted {
        Posted(form_urlencoded::parse(body).into_owned().collect())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The item indices posted under an array path, in order.
    fn indices(&self, path: &str) -> Vec<usize> {
        let prefix = format!("{path}[");
        let mut out: Vec<usize> = self
            .0
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter_map(|rest| rest.split(']').next()?.parse().ok())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

enum Part<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_parts(path: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    for seg in path.split('.') {
        let mut pieces = seg.split('[');
        if let Some(k) = pieces.next()
            && !k.is_empty()
        {
            out.push(Part::Key(k));
        }
        for p in pieces {
            if let Ok(i) = p.trim_end_matches(']').parse() {
                out.push(Part::Index(i));
            }
        }
    }
    out
}

fn split_index(path: &str) -> Option<(&str, usize)> {
    let open = path.rfind('[')?;
    let index = path[open + 1..].strip_suffix(']')?.parse().ok()?;
    Some((&path[..open], index))
}

pub fn get_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path_parts(path).iter().try_fold(v, |v, p| match p {
        Part::Key(k) => v.get(*k),
        Part::Index(i) => v.get(*i),
    })
}

fn get_path_mut<'a>(v: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path_parts(path).iter().try_fold(v, |v, p| match p {
        Part::Key(k) => v.get_mut(*k),
        Part::Index(i) => v.get_mut(*i),
    })
}

/// Sets a value at a dotted path of keys, creating objects on the way.
fn set_path(v: &mut Value, path: &str, new: Value) {
    let mut cur = v;
    let keys: Vec<&str> = path.split('.').collect();
    for (n, key) in keys.iter().enumerate() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let m = cur.as_object_mut().expect("made an object above");
        if n + 1 == keys.len() {
            m.insert((*key).to_string(), new);
            return;
        }
        cur = m.entry((*key).to_string()).or_insert(Value::Null);
    }
}

/// A JSON value that keeps object keys in the order of the text (serde_json's own `Value`
/// sorts them): read from the starter files to order the form's fields as the types do.
enum Ordered {
    Map(Vec<(String, Ordered)>),
    Seq(Vec<Ordered>),
    Text(String),
    Other,
}

impl Ordered {
    fn learn(
        &self,
        path: &str,
        order: &mut HashMap<String, Vec<String>>,
        placeholders: &mut HashMap<String, String>,
    ) {
        match self {
            Ordered::Map(entries) => {
                let keys = order.entry(path.to_string()).or_default();
                for (k, _) in entries {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
                for (k, v) in entries {
                    let child = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    v.learn(&child, order, placeholders);
                }
            }
            Ordered::Seq(items) => items
                .iter()
                .for_each(|v| v.learn(&format!("{path}[]"), order, placeholders)),
            Ordered::Text(t) => {
                placeholders
                    .entry(path.to_string())
                    .or_insert_with(|| t.clone());
            }
            Ordered::Other => {}
        }
    }
}

impl<'de> de::Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Ordered>()? {
                    out.push((k, v));
                }
                Ok(Ordered::Map(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = a.next_element::<Ordered>()? {
                    out.push(v);
                }
                Ok(Ordered::Seq(out))
            }
            fn visit_str<E>(self, s: &str) -> Result<Ordered, E> {
                Ok(Ordered::Text(s.to_string()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_read_as_typed() {
        assert_eq!(parse_date("7/8/2026").as_deref(), Some("2026-08-07"));
        assert_eq!(parse_date("2026-08-07").as_deref(), Some("2026-08-07"));
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_time("8h").as_deref(), Some("08:00"));
        assert_eq!(parse_time("19:30").as_deref(), Some("19:30"));
        assert_eq!(parse_time("25:00"), None);
    }

    #[test]
    fn a_sample_survives_draw_and_apply() {
        let forms = Forms::new();
        let text = hoso::dossier::sample_text("kiem-tra").unwrap();
        let original: Value = serde_json::from_str(text).unwrap();
        let members: Vec<String> = original["cell"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap().to_string())
            .collect();
        let mut drawn = Drawn::default();
        let ctx = Ctx {
            members: &members,
            notes: &[],
        };
        for s in sections("kiem-tra") {
            forms.draw(&s, &original, &ctx, &mut drawn);
        }
        assert!(drawn.problems.is_empty(), "{:?}", drawn.problems);
        // Post back what a browser would send for the drawn inputs.
        let posted = Posted(browser_post(&drawn.html));
        let mut back = original.clone();
        forms.apply(&sections("kiem-tra"), &mut back, &posted);
        let a: hoso::input::CaseFile = serde_json::from_value(original).unwrap();
        let b: hoso::input::CaseFile = serde_json::from_value(back).unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
    }

    /// The name/value pairs a browser submits for the form (inputs, checked boxes, selected
    /// options, textareas), read with a crude scanner good enough for our own markup.
    fn browser_post(html: &str) -> HashMap<String, String> {
        let attr = |tag: &str, name: &str| -> Option<String> {
            let key = format!(" {name}=\"");
            let start = tag.find(&key)? + key.len();
            let end = tag[start..].find('"')? + start;
            Some(unescape(&tag[start..end]))
        };
        let mut out = HashMap::new();
        let mut rest = html;
        while let Some(pos) = rest.find('<') {
            rest = &rest[pos..];
            let end = rest.find('>').unwrap();
            let tag = &rest[..=end];
            if tag.starts_with("<input") {
                let checkbox = tag.contains("type=\"checkbox\"");
                if !checkbox || tag.contains(" checked") {
                    out.insert(
                        attr(tag, "name").unwrap(),
                        attr(tag, "value").unwrap_or_default(),
                    );
                }
            } else if tag.starts_with("<textarea") {
                let close = rest.find("</textarea>").unwrap();
                out.insert(attr(tag, "name").unwrap(), unescape(&rest[end + 1..close]));
            } else if tag.starts_with("<select") {
                let name = attr(tag, "name").unwrap();
                let close = rest.find("</select>").unwrap();
                let body = &rest[..close];
                if let Some(sel) = body.find(" selected>") {
                    let opt_start = body[..sel].rfind("<option").unwrap();
                    let opt_tag = &body[opt_start..sel + 10];
                    let value = attr(opt_tag, "value").unwrap_or_else(|| {
                        let text_end = body[sel + 10..].find('<').unwrap() + sel + 10;
                        unescape(&body[sel + 10..text_end])
                    });
                    out.insert(name, value);
                }
            }
            rest = &rest[1..];
        }
        out
    }

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }
}
