//! Crash safety: a save the server acknowledged is on disk, whatever happens to the process.

use super::common::*;

#[test]
fn a_saved_change_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let s = Server::start(&db, "127.0.0.1:0");
    let mut fields = form_fields(&s.get("/cases/1", None).text(), "/cases/1");
    set(
        &mut fields,
        "case.meeting.place",
        "Hội trường ấp Tân Phú (sau sự cố)",
    );
    assert_eq!(s.post_form("/cases/1", &fields, None).status, 303);
    // Killed at once (SIGKILL: no shutdown, no checkpoint), then started again.
    let mut s = s;
    s.child.kill().unwrap();
    s.child.wait().unwrap();
    drop(s);
    let s = Server::start(&db, "127.0.0.1:0");
    let page = s.get("/cases/1", None).text();
    assert!(page.contains("Hội trường ấp Tân Phú (sau sự cố)"));
    drop(s);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}
