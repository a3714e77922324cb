//! Security of the local-network mode: accounts needed, cells kept apart, CSRF, body cap,
//! login throttling, escaping, no external URL, headers.

use super::common::*;
use std::process::Command;

#[test]
fn refuses_a_network_address_without_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["serve", "--no-open", "--listen", "0.0.0.0:0", "--db"])
        .arg(dir.path().join("h.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hoso users add"), "{err}");
}

fn login(s: &Server, name: &str, password: &str) -> Resp {
    s.post_form(
        "/login",
        &[
            ("name".to_string(), name.to_string()),
            ("password".to_string(), password.to_string()),
        ],
        None,
    )
}

/// A server on all interfaces with two accounts: `a` owns the demo cell (1), `b` a new cell.
fn remote() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    // The first `users add` creates the database, demo cell included.
    add_user(&db, "a", "mat-khau-a1", &["--cell", "1"]);
    add_user(&db, "b", "mat-khau-b2", &["--new-cell", "Chi bộ B"]);
    let s = Server::start(&db, "0.0.0.0:0");
    (dir, s)
}

#[test]
fn an_account_sees_only_its_cell_and_forms_need_their_token() {
    let (_dir, s) = remote();
    assert_eq!(
        s.get("/", None).status,
        303,
        "no session: to the login page"
    );
    let r = login(&s, "b", "mat-khau-b2");
    assert_eq!(r.status, 303);
    let cookie = r.cookie().expect("session cookie");
    let set_cookie = r.header("set-cookie").unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"));
    let c = Some(cookie.as_str());
    let own = s.get("/cells/2", c);
    assert_eq!(own.status, 200);
    // Every way into the demo cell's cases (ids 1-3) is a 404, as for a case that is not there.
    for id in 1..=3 {
        for path in [
            format!("/cases/{id}"),
            format!("/cases/{id}/versions"),
            format!("/cases/{id}/preview/KT-01"),
            format!("/cases/{id}/file?doc=KT-01&format=pdf"),
            format!("/cases/{id}/dossier.zip"),
            format!("/cases/{id}/bundle.pdf"),
            format!("/cases/{id}/case.json"),
        ] {
            assert_eq!(s.get(&path, c).status, 404, "{path}");
        }
    }
    assert_eq!(s.get("/cells/1", c).status, 404);
    assert_eq!(s.get("/cells/1/blank.zip", c).status, 404);
    assert_eq!(s.get("/cases/999", c).status, 404);
    // A post with b's own token to a's case is still a 404.
    let mut fields = form_fields(&own.text(), "/cells/2");
    let token = field(&fields, "_csrf").unwrap().to_string();
    let other = vec![
        ("_csrf".to_string(), token),
        ("_version".to_string(), "1".to_string()),
    ];
    assert_eq!(s.post_form("/cases/1", &other, c).status, 404);
    // Own cell: without the token refused, with it saved.
    set(&mut fields, "cell.place", "Tân Lập");
    let without: Vec<_> = fields
        .iter()
        .filter(|(k, _)| k != "_csrf")
        .cloned()
        .collect();
    assert_eq!(s.post_form("/cells/2", &without, c).status, 403);
    let mut wrong = fields.clone();
    set(&mut wrong, "_csrf", "0000");
    assert_eq!(s.post_form("/cells/2", &wrong, c).status, 403);
    assert_eq!(s.post_form("/cells/2", &fields, c).status, 303);
    assert!(s.get("/cells/2", c).text().contains("Tân Lập"));
}

#[test]
fn logins_are_throttled_and_big_bodies_refused() {
    let (_dir, s) = remote();
    for _ in 0..5 {
        assert_eq!(login(&s, "a", "sai-mat-khau").status, 401);
    }
    // Locked now, even with the right password.
    let r = login(&s, "a", "mat-khau-a1");
    assert_eq!(r.status, 429, "{}", r.text());
    assert!(r.text().contains("thử lại sau"));
    let big = vec![b'a'; 10 * 1024 * 1024];
    let r = request(
        &s.addr,
        "POST",
        "/api/check",
        &[("Content-Type", "application/json")],
        &big,
    );
    assert_eq!(r.status, 413);
}

#[test]
fn typed_markup_is_escaped_in_pages_and_literal_in_documents() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    let page = s.get("/cases/1", None).text();
    let mut fields = form_fields(&page, "/cases/1");
    let typed = "đồng chí <script>alert(1)</script> \"Bí thư\" {{ cell.name }}";
    set(&mut fields, "case.proposed_by", typed);
    assert_eq!(s.post_form("/cases/1", &fields, None).status, 303);
    let page = s.get("/cases/1", None).text();
    assert!(
        page.contains(
            "đồng chí &lt;script&gt;alert(1)&lt;/script&gt; &quot;Bí thư&quot; {{ cell.name }}"
        ),
        "escaped in the form"
    );
    assert!(!page.contains("<script>alert"));
    let preview = s.get("/cases/1/preview/KT-01", None).text();
    assert!(
        preview.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped in the preview"
    );
    assert!(!preview.contains("<script>alert"));
    let pdf = s.get("/cases/1/file?doc=KT-01&format=pdf", None);
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    let text = pdf_text(&pdf.body, dir.path());
    assert!(
        text.contains("<script>alert(1)</script> \"Bí thư\" {{ cell.name }}"),
        "literal in the PDF: {text}"
    );
}

#[test]
fn no_response_refers_outside_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("h.db"), "127.0.0.1:0");
    for path in [
        "/",
        "/cells/1",
        "/cases/1",
        "/cases/2",
        "/cases/3",
        "/cases/1/versions",
        "/cases/1/preview/KT-01",
        "/cases/3/preview/KH-NAM",
        "/login",
        "/assets/app.css",
        "/assets/app.js",
        "/api/health",
        "/nothing-here",
    ] {
        let r = s.get(path, None);
        let body = r.text();
        let expected = if path == "/nothing-here" { 404 } else { 200 };
        assert_eq!(r.status, expected, "{path}: {body}");
        for bad in [
            "http://",
            "https://",
            "src=\"//",
            "href=\"//",
            "url(//",
            "@import",
        ] {
            assert!(!body.contains(bad), "{path} refers outside: {bad}");
        }
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
        if body.contains("<script") {
            // Only the one external script file of the app, never inline code.
            assert_eq!(
                body.matches("<script").count(),
                body.matches("<script src=\"/assets/app.js\" defer></script>")
                    .count(),
                "{path}"
            );
        }
    }
}
