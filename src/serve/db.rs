//! The web app's SQLite file: schema and migrations (`PRAGMA user_version`), cells, cases with
//! every saved version, accounts and sessions. Every write is one transaction, committed before
//! the handler answers, so an acknowledged save survives a killed process.

use hoso::Error;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::path::Path;

fn err(e: rusqlite::Error) -> Error {
    Error::Invalid {
        path: "cơ sở dữ liệu".to_string(),
        message: e.to_string(),
    }
}

/// Migrations in order; `user_version` counts those applied. Never edit one that shipped.
const MIGRATIONS: &[&str] = &["CREATE TABLE cells (
        id INTEGER PRIMARY KEY,
        json TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1
     );
     CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        cell_id INTEGER NOT NULL REFERENCES cells(id),
        set_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        created TEXT NOT NULL DEFAULT (datetime('now'))
     );
     CREATE TABLE versions (
        case_id INTEGER NOT NULL REFERENCES cases(id),
        version INTEGER NOT NULL,
        json TEXT NOT NULL,
        saved TEXT NOT NULL DEFAULT (datetime('now')),
        PRIMARY KEY (case_id, version)
     );
     CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        cell_id INTEGER REFERENCES cells(id)
     );
     CREATE TABLE sessions (
        token TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        expires INTEGER NOT NULL
     );"];

/// Opens (creating) the database, applies migrations, seeds the demo cell on first start.
pub fn open(path: &Path) -> Result<Connection, Error> {
    let conn = Connection::open(path).map_err(|e| Error::Invalid {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    // WAL lets readers go on while a save commits; FULL syncs each commit to disk.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(err)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(err)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(err)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(err)?;
    migrate(&conn)?;
    seed_demo(&conn)?;
    Ok(conn)
}

fn migrate(conn: &Connection) -> Result<(), Error> {
    let applied: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(err)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        conn.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// The worked example of every set, as one demo cell, on an empty database.
fn seed_demo(conn: &Connection) -> Result<(), Error> {
    let cells: i64 = conn
        .query_row("SELECT count(*) FROM cells", [], |r| r.get(0))
        .map_err(err)?;
    if cells > 0 {
        return Ok(());
    }
    let mut cell_id = None;
    for set in ["kiem-tra", "giam-sat", "nam"] {
        let text = hoso::dossier::sample_text(set).expect("built-in sample");
        let file: Value = serde_json::from_str(text).expect("built-in sample is JSON");
        let id = match cell_id {
            Some(id) => id,
            None => {
                let id = create_cell(conn, &file["cell"], true)?;
                cell_id = Some(id);
                id
            }
        };
        create_case(conn, id, set, &file)?;
    }
    Ok(())
}

pub struct CellRow {
    pub id: i64,
    pub json: Value,
    pub demo: bool,
    pub version: i64,
}

fn cell_row(r: &rusqlite::Row) -> rusqlite::Result<CellRow> {
    let text: String = r.get(1)?;
    Ok(CellRow {
        id: r.get(0)?,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        demo: r.get(2)?,
        version: r.get(3)?,
    })
}

/// The cells an account sees: its own, or all for a committee account (`None`).
pub fn list_cells(conn: &Connection, only: Option<i64>) -> Result<Vec<CellRow>, Error> {
    let mut st = conn
        .prepare(
            "SELECT id, json, demo, version FROM cells WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
        )
        .map_err(err)?;
    let rows = st.query_map([only], cell_row).map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

pub fn get_cell(conn: &Connection, id: i64) -> Result<Option<CellRow>, Error> {
    conn.query_row(
        "SELECT id, json, demo, version FROM cells WHERE id = ?1",
        [id],
        cell_row,
    )
    .optional()
    .map_err(err)
}

pub fn create_cell(conn: &Connection, json: &Value, demo: bool) -> Result<i64, Error> {
    conn.execute(
        "INSERT INTO cells (json, demo) VALUES (?1, ?2)",
        params![json.to_string(), demo],
    )
    .map_err(err)?;
    Ok(conn.last_insert_rowid())
}

/// What a save found: the row moved on since the form was loaded.
pub struct Conflict {
    pub current: i64,
}

/// Saves a cell if it is still at `expected`; returns the new version.
pub fn save_cell(
    conn: &Connection,
    id: i64,
    json: &Value,
    expected: i64,
) -> Result<Result<i64, Conflict>, Error> {
    let changed = conn
        .execute(
            "UPDATE cells SET json = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
            params![json.to_string(), id, expected],
        )
        .map_err(err)?;
    if changed == 1 {
        return Ok(Ok(expected + 1));
    }
    let current = get_cell(conn, id)?.map_or(0, |c| c.version);
    Ok(Err(Conflict { current }))
}

pub struct CaseRow {
    pub id: i64,
    pub cell_id: i64,
    pub set_id: String,
    pub version: i64,
    pub json: Value,
    pub saved: String,
}

const CASE_SELECT: &str = "SELECT c.id, c.cell_id, c.set_id, c.version, v.json, v.saved
     FROM cases c JOIN versions v ON v.case_id = c.id AND v.version = c.version";

fn case_row(r: &rusqlite::Row) -> rusqlite::Result<CaseRow> {
    let text: String = r.get(4)?;
    Ok(CaseRow {
        id: r.get(0)?,
        cell_id: r.get(1)?,
        set_id: r.get(2)?,
        version: r.get(3)?,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        saved: r.get(5)?,
    })
}

pub fn list_cases(conn: &Connection, cell_id: i64) -> Result<Vec<CaseRow>, Error> {
    let mut st = conn
        .prepare(&format!("{CASE_SELECT} WHERE c.cell_id = ?1 ORDER BY c.id"))
        .map_err(err)?;
    let rows = st.query_map([cell_id], case_row).map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

pub fn get_case(conn: &Connection, id: i64) -> Result<Option<CaseRow>, Error> {
    conn.query_row(&format!("{CASE_SELECT} WHERE c.id = ?1"), [id], case_row)
        .optional()
        .map_err(err)
}

pub fn create_case(conn: &Connection, cell_id: i64, set: &str, json: &Value) -> Result<i64, Error> {
    let tx = conn.unchecked_transaction().map_err(err)?;
    tx.execute(
        "INSERT INTO cases (cell_id, set_id, version) VALUES (?1, ?2, 1)",
        params![cell_id, set],
    )
    .map_err(err)?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO versions (case_id, version, json) VALUES (?1, 1, ?2)",
        params![id, json.to_string()],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(id)
}

/// Saves a new version of a case if it is still at `expected`; returns the new version.
pub fn save_case(
    conn: &Connection,
    id: i64,
    json: &Value,
    expected: i64,
) -> Result<Result<i64, Conflict>, Error> {
    let tx = conn.unchecked_transaction().map_err(err)?;
    let changed = tx
        .execute(
            "UPDATE cases SET version = version + 1 WHERE id = ?1 AND version = ?2",
            params![id, expected],
        )
        .map_err(err)?;
    if changed != 1 {
        let current = tx
            .query_row("SELECT version FROM cases WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(err)?
            .unwrap_or(0);
        return Ok(Err(Conflict { current }));
    }
    tx.execute(
        "INSERT INTO versions (case_id, version, json) VALUES (?1, ?2, ?3)",
        params![id, expected + 1, json.to_string()],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(Ok(expected + 1))
}

/// Every saved version of a case, newest first: number, time, size in bytes.
pub fn versions(conn: &Connection, id: i64) -> Result<Vec<(i64, String, i64)>, Error> {
    let mut st = conn
        .prepare(
            "SELECT version, saved, length(json) FROM versions WHERE case_id = ?1
             ORDER BY version DESC LIMIT 500",
        )
        .map_err(err)?;
    let rows = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

pub fn version_json(conn: &Connection, id: i64, version: i64) -> Result<Option<Value>, Error> {
    let text: Option<String> = conn
        .query_row(
            "SELECT json FROM versions WHERE case_id = ?1 AND version = ?2",
            params![id, version],
            |r| r.get(0),
        )
        .optional()
        .map_err(err)?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

pub struct User {
    pub id: i64,
    pub name: String,
    pub hash: String,
    pub cell_id: Option<i64>,
}

fn user_row(r: &rusqlite::Row) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        hash: r.get(2)?,
        cell_id: r.get(3)?,
    })
}

pub fn count_users(conn: &Connection) -> Result<i64, Error> {
    conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .map_err(err)
}

pub fn add_user(conn: &Connection, name: &str, hash: &str, cell: Option<i64>) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO users (name, hash, cell_id) VALUES (?1, ?2, ?3)",
        params![name, hash, cell],
    )
    .map_err(err)?;
    Ok(())
}

pub fn list_users(conn: &Connection) -> Result<Vec<User>, Error> {
    let mut st = conn
        .prepare("SELECT id, name, hash, cell_id FROM users ORDER BY name")
        .map_err(err)?;
    let rows = st.query_map([], user_row).map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

pub fn user_by_name(conn: &Connection, name: &str) -> Result<Option<User>, Error> {
    conn.query_row(
        "SELECT id, name, hash, cell_id FROM users WHERE name = ?1",
        [name],
        user_row,
    )
    .optional()
    .map_err(err)
}

pub fn remove_user(conn: &Connection, name: &str) -> Result<bool, Error> {
    Ok(conn
        .execute("DELETE FROM users WHERE name = ?1", [name])
        .map_err(err)?
        == 1)
}

pub struct Session {
    pub user: User,
    pub csrf: String,
}

pub fn create_session(
    conn: &Connection,
    token: &str,
    user_id: i64,
    csrf: &str,
    expires: i64,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO sessions (token, user_id, csrf, expires) VALUES (?1, ?2, ?3, ?4)",
        params![token, user_id, csrf, expires],
    )
    .map_err(err)?;
    Ok(())
}

pub fn session(conn: &Connection, token: &str, now: i64) -> Result<Option<Session>, Error> {
    conn.query_row(
        "SELECT u.id, u.name, u.hash, u.cell_id, s.csrf FROM sessions s
         JOIN users u ON u.id = s.user_id WHERE s.token = ?1 AND s.expires > ?2",
        params![token, now],
        |r| {
            Ok(Session {
                user: user_row(r)?,
                csrf: r.get(4)?,
            })
        },
    )
    .optional()
    .map_err(err)
}

pub fn delete_session(conn: &Connection, token: &str) -> Result<(), Error> {
    conn.execute("DELETE FROM sessions WHERE token = ?1", [token])
        .map_err(err)?;
    Ok(())
}
