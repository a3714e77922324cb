//! Who may do what: passwords (argon2), sessions, CSRF tokens, login throttling, the request
//! guard that scopes each request to its cells, and the security headers on every response.

use super::{App, BODY_LIMIT, Shared, db, views};
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use hoso::Error;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const COOKIE: &str = "hoso_session";
/// Sessions last a working week.
const SESSION_SECONDS: i64 = 7 * 24 * 3600;
/// Failures allowed before a name or address is locked out.
const FREE_FAILURES: u32 = 5;

/// 32 random bytes as hex: session tokens and CSRF tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn hash_password(password: &str) -> Result<String, Error> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random source works");
    let salt = SaltString::encode_b64(&salt).map_err(|e| super::io_error("argon2", e))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| super::io_error("argon2", e))
}

fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Failed logins per account name and per client address: after a few, each further try
/// waits longer (doubling up to 15 minutes), whether the password is right or not.
#[derive(Default)]
pub struct Throttle(Mutex<HashMap<String, (u32, Instant)>>);

impl Throttle {
    fn locked(&self, keys: &[String]) -> Option<Duration> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter()
            .filter_map(|k| map.get(k))
            .filter(|(n, _)| *n >= FREE_FAILURES)
            .map(|(n, at)| {
                let wait = Duration::from_secs(30 << (n - FREE_FAILURES).min(5));
                wait.saturating_sub(at.elapsed())
            })
            .max()
            .filter(|d| !d.is_zero())
    }

    fn failed(&self, keys: &[String]) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        for k in keys {
            let e = map.entry(k.clone()).or_insert((0, Instant::now()));
            e.0 += 1;
            e.1 = Instant::now();
        }
    }

    fn succeeded(&self, keys: &[String]) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter().for_each(|k| {
            map.remove(k);
        });
    }
}

/// Whom a request is for: the cells it may see (one cell's account, a committee's
/// organisation, or all on loopback) and the CSRF token its forms must carry.
#[derive(Clone)]
pub struct Viewer {
    pub scope: db::Scope,
    pub csrf: String,
    pub user: Option<String>,
}

impl Viewer {
    pub fn sees(&self, cell: &db::CellRow) -> bool {
        match self.scope {
            db::Scope::All => true,
            db::Scope::Org(o) => cell.org_id == Some(o),
            db::Scope::Cell(c) => c == cell.id,
        }
    }

    /// A cell's account (not a committee's, not the local user).
    pub fn is_cell(&self) -> bool {
        matches!(self.scope, db::Scope::Cell(_))
    }

    /// The organisation new cells join: the committee's own (none: the first one).
    pub fn org(&self) -> Option<i64> {
        match self.scope {
            db::Scope::Org(o) => Some(o),
            _ => None,
        }
    }

    /// A committee's account: it reads its cells' dossiers but does not edit them.
    pub fn read_only(&self) -> bool {
        matches!(self.scope, db::Scope::Org(_))
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

fn viewer_of(app: &App, headers: &HeaderMap) -> Option<Viewer> {
    if !app.remote {
        return Some(Viewer {
            scope: db::Scope::All,
            csrf: app.csrf.clone(),
            user: None,
        });
    }
    let token = cookie_token(headers)?;
    let conn = app.db.lock().unwrap_or_else(|p| p.into_inner());
    let s = db::session(&conn, &token, now()).ok()??;
    Some(Viewer {
        scope: s.user.scope(),
        csrf: s.csrf,
        user: Some(s.user.name),
    })
}

fn is_open(path: &str) -> bool {
    path == "/login" || path == "/api/health" || path.starts_with("/assets/")
}

/// Every request: finds its viewer (or sends it to the login page), and refuses a state-
/// changing request without its CSRF token (forms) or without a JSON body (the API).
pub async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_open(&path) {
        return next.run(req).await;
    }
    let Some(viewer) = viewer_of(&app, req.headers()) else {
        return if req.method() == Method::GET {
            Redirect::to("/login").into_response()
        } else {
            (StatusCode::UNAUTHORIZED, "cần đăng nhập").into_response()
        };
    };
    let mut req = req;
    // A committee reads its cells' dossiers; their secretaries write them.
    if req.method() == Method::POST
        && viewer.read_only()
        && (path.starts_with("/cells/") || path.starts_with("/cases/"))
    {
        return (
            StatusCode::FORBIDDEN,
            views::message_page(
                "Chỉ được xem",
                "Tài khoản của Ủy ban kiểm tra chỉ xem hồ sơ của chi bộ, không sửa: \
                 hãy đề nghị bí thư chi bộ sửa.",
            ),
        )
            .into_response();
    }
    if req.method() == Method::POST {
        if path.starts_with("/api/") {
            let json = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/json"));
            if !json {
                return (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "cần Content-Type: application/json",
                )
                    .into_response();
            }
        } else {
            match csrf_checked(req, &viewer.csrf).await {
                Ok(r) => req = r,
                Err(resp) => return resp,
            }
        }
    }
    req.extensions_mut().insert(viewer);
    next.run(req).await
}

/// The request again if it carries the token (header, query or urlencoded body field), else
/// the 403 answer.
async fn csrf_checked(req: Request, token: &str) -> Result<Request, Response> {
    let forbidden = || {
        (
            StatusCode::FORBIDDEN,
            views::message_page(
                "Yêu cầu bị từ chối",
                "Biểu mẫu đã cũ hoặc không hợp lệ: hãy tải lại trang rồi thử lại.",
            ),
        )
            .into_response()
    };
    let matches = |v: &str| constant_eq(v.as_bytes(), token.as_bytes());
    if req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .is_some_and(matches)
    {
        return Ok(req);
    }
    let in_query = req.uri().query().is_some_and(|q| {
        form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == "_csrf" && matches(&v))
    });
    if in_query {
        return Ok(req);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    let ok = form_urlencoded::parse(&bytes).any(|(k, v)| k == "_csrf" && matches(&v));
    if !ok {
        return Err(forbidden());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Headers on every response, and the body cap checked before anything reads the body.
pub async fn headers(req: Request, next: Next) -> Response {
    let too_big = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > BODY_LIMIT);
    let mut resp = if too_big {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "yêu cầu quá lớn (tối đa 2 MB)",
        )
            .into_response()
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

pub async fn login_page(State(app): State<Shared>) -> Response {
    views::login_page(app.remote, None).into_response()
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
}

pub async fn login(
    State(app): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    axum::Form(form): axum::Form<LoginForm>,
) -> Response {
    if !app.remote {
        return Redirect::to("/").into_response();
    }
    let keys = vec![
        format!("name:{}", form.name.trim().to_lowercase()),
        format!("ip:{}", addr.ip()),
    ];
    if let Some(wait) = app.throttle.locked(&keys) {
        let msg = format!(
            "Đăng nhập sai nhiều lần. Hãy thử lại sau {} giây.",
            wait.as_secs() + 1
        );
        return (
            StatusCode::TOO_MANY_REQUESTS,
            views::login_page(true, Some(&msg)),
        )
            .into_response();
    }
    let app2 = app.clone();
    let name = form.name.trim().to_string();
    // Argon2 is deliberately slow: keep it off the async workers.
    let user = tokio::task::spawn_blocking(move || {
        let user = {
            let conn = app2.db.lock().unwrap_or_else(|p| p.into_inner());
            db::user_by_name(&conn, &name).ok().flatten()
        };
        user.filter(|u| verify_password(&form.password, &u.hash))
    })
    .await
    .ok()
    .flatten();
    let Some(user) = user else {
        app.throttle.failed(&keys);
        return (
            StatusCode::UNAUTHORIZED,
            views::login_page(true, Some("Sai tên hoặc mật khẩu.")),
        )
            .into_response();
    };
    app.throttle.succeeded(&keys);
    let token = random_token();
    let created = {
        let conn = app.db.lock().unwrap_or_else(|p| p.into_inner());
        db::create_session(
            &conn,
            &token,
            user.id,
            &random_token(),
            now() + SESSION_SECONDS,
        )
    };
    if created.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let cookie =
        format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}");
    let mut resp = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

pub async fn logout(State(app): State<Shared>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie_token(&headers) {
        let conn = app.db.lock().unwrap_or_else(|p| p.into_inner());
        let _ = db::delete_session(&conn, &token);
    }
    let mut resp = Redirect::to("/login").into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("hoso_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    resp
}
