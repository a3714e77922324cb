//! `hoso serve` and `hoso users`: the web front end's command-line side (arguments, start-up,
//! the shared state, the router). Pages, forms, the database and security live in submodules;
//! the library is called only through `hoso::dossier` and the types it names.

mod api;
mod assets;
mod auth;
mod cases;
mod committee;
mod db;
mod files;
mod form;
mod pages;
mod roster;
mod views;

use axum::Router;
use axum::routing::{get, post};
use hoso::Error;
use hoso::input::rules::RuleOptions;
use hoso::template::Engine;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Requests larger than this are refused with 413: a case file is some 20 kB, a roster CSV
/// a few kB.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Clone, clap::Args)]
pub struct ServeArgs {
    /// Tệp cơ sở dữ liệu (tạo khi chạy lần đầu, có sẵn một chi bộ ví dụ).
    #[arg(long, default_value = "hoso.db")]
    db: PathBuf,
    /// Địa chỉ nghe. Mở cho máy khác (không phải 127.0.0.1) thì cần tài khoản (`hoso users add`).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Không tự mở trình duyệt.
    #[arg(long)]
    no_open: bool,
}

#[derive(Clone, clap::Subcommand)]
pub enum UsersCommand {
    /// Thêm tài khoản; mật khẩu đọc từ đầu vào chuẩn (một dòng).
    Add {
        #[arg(long, default_value = "hoso.db")]
        db: PathBuf,
        name: String,
        /// Chi bộ của tài khoản (số trong địa chỉ web, /cells/N).
        #[arg(long, conflicts_with_all = ["new_cell", "committee"])]
        cell: Option<i64>,
        /// Tạo chi bộ mới có tên này cho tài khoản.
        #[arg(long, conflicts_with = "committee")]
        new_cell: Option<String>,
        /// Tài khoản của ủy ban kiểm tra: xem các chi bộ của tổ chức mình (`--org`).
        #[arg(long)]
        committee: bool,
        /// Tổ chức đảng (`Đảng bộ xã Tân Hòa`) của tài khoản ủy ban kiểm tra, hoặc của chi bộ
        /// mới; chưa có thì tạo. Bỏ trống: tổ chức đầu tiên trong cơ sở dữ liệu.
        #[arg(long, value_name = "NAME")]
        org: Option<String>,
    },
    /// Liệt kê các tài khoản.
    List {
        #[arg(long, default_value = "hoso.db")]
        db: PathBuf,
    },
    /// Xóa tài khoản và đăng xuất mọi phiên của nó.
    Remove {
        #[arg(long, default_value = "hoso.db")]
        db: PathBuf,
        name: String,
    },
}

/// What every request handler shares.
pub struct App {
    pub db: Mutex<rusqlite::Connection>,
    pub engine: Engine,
    pub rules: RuleOptions,
    /// Logins are required (the server listens beyond loopback).
    pub remote: bool,
    /// The CSRF token of the no-login mode: one per process, read only by pages of this origin.
    pub csrf: String,
    pub throttle: auth::Throttle,
    pub form: form::Forms,
    /// Renders running at once: the cores, so that a burst queues instead of filling memory.
    pub renders: tokio::sync::Semaphore,
}

pub type Shared = Arc<App>;

fn io_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Invalid {
        path: what.to_string(),
        message: e.to_string(),
    }
}

/// Runs the server until it is stopped.
pub fn run(args: &ServeArgs) -> Result<(), Error> {
    let args = args.clone();
    let conn = db::open(&args.db)?;
    let remote = !args.listen.ip().is_loopback();
    if remote && db::count_users(&conn)? == 0 {
        return Err(Error::Invalid {
            path: "--listen".to_string(),
            message: format!(
                "{} không phải địa chỉ nội bộ (loopback): cần tạo tài khoản trước \
                 (hoso users add --db {} TÊN --cell SỐ)",
                args.listen,
                args.db.display()
            ),
        });
    }
    let app = Arc::new(App {
        db: Mutex::new(conn),
        engine: Engine::builtin()?,
        rules: RuleOptions::default(),
        remote,
        csrf: auth::random_token(),
        throttle: auth::Throttle::default(),
        form: form::Forms::new(),
        renders: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        ),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| io_error("tokio", e))?;
    runtime.block_on(serve(app, args.listen, !args.no_open))
}

async fn serve(app: Shared, listen: SocketAddr, open: bool) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| io_error(&listen.to_string(), e))?;
    let bound = listener
        .local_addr()
        .map_err(|e| io_error(&listen.to_string(), e))?;
    let url = format!("http://{bound}/");
    // Tests and scripts read this line to learn the port chosen for `:0`.
    println!("hoso serve: {url}");
    if open {
        // A missing or failing opener is not an error: the address is printed above.
        let _ = std::process::Command::new("xdg-open")
            .arg(&url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
    axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| io_error("serve", e))
}

fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/cells", post(pages::create_cell))
        .route("/import", post(files::import_new_cell))
        .route("/cells/{id}", get(pages::cell_page).post(pages::save_cell))
        .route("/cells/{id}/roster", post(roster::import_roster))
        .route("/cells/{id}/cases", post(pages::create_case))
        .route("/cells/{id}/import", post(files::import_case))
        .route("/cells/{id}/blank.zip", get(files::blank_zip))
        .route("/cases/{id}", get(cases::case_page).post(cases::save_case))
        .route("/cases/{id}/versions", get(cases::versions_page))
        .route("/cases/{id}/restore", post(cases::restore_version))
        .route("/cases/{id}/preview/{doc}", get(files::preview_page))
        .route("/cases/{id}/file", get(files::download_one))
        .route("/cases/{id}/dossier.zip", get(files::download_zip))
        .route("/cases/{id}/bundle.pdf", get(files::download_bundle))
        .route("/cases/{id}/case.json", get(files::export_json))
        .route("/committee", get(committee::page))
        .route("/committee/cells/{id}", get(committee::cell_dossier))
        .route("/committee/{file}", get(committee::download))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/assets/{name}", get(assets::serve_asset))
        .route("/api/health", get(api::health))
        .route("/api/check", post(api::check))
        .route("/api/render", post(api::render))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            auth::guard,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(auth::headers))
        .with_state(app)
}

/// `hoso users …`: account management, from the command line only.
pub fn users(cmd: &UsersCommand) -> Result<(), Error> {
    match cmd.clone() {
        UsersCommand::Add {
            db,
            name,
            cell,
            new_cell,
            committee,
            org,
        } => add_user(&db, &name, cell, new_cell, committee, org),
        UsersCommand::List { db } => {
            let conn = db::open(&db)?;
            for u in db::list_users(&conn)? {
                println!(
                    "{}\t{}",
                    u.name,
                    match u.scope() {
                        db::Scope::Cell(id) => format!("chi bộ {id}"),
                        db::Scope::Org(o) => format!("ủy ban, đảng bộ số {o}"),
                        db::Scope::All => "mọi chi bộ".to_string(),
                    }
                );
            }
            Ok(())
        }
        UsersCommand::Remove { db, name } => {
            let conn = db::open(&db)?;
            if !db::remove_user(&conn, &name)? {
                return Err(Error::Invalid {
                    path: name,
                    message: "không có tài khoản này".to_string(),
                });
            }
            println!("đã xoá tài khoản «{name}»");
            Ok(())
        }
    }
}

/// `hoso users add`: the account's scope (a cell, a new cell, or a committee's
/// organisation), then its password from standard input.
fn add_user(
    db_path: &std::path::Path,
    name: &str,
    cell: Option<i64>,
    new_cell: Option<String>,
    committee: bool,
    org: Option<String>,
) -> Result<(), Error> {
    let conn = db::open(db_path)?;
    let org_id = match &org {
        Some(n) if !n.trim().is_empty() => db::find_or_create_org(&conn, n.trim(), "", "")?,
        _ => db::default_org(&conn)?,
    };
    let scope = match (cell, new_cell, committee) {
        (Some(id), _, _) => db::Scope::Cell(id),
        (None, Some(cell_name), _) => db::Scope::Cell(db::create_cell(
            &conn,
            &form::new_cell_json(&cell_name),
            false,
            Some(org_id),
        )?),
        (None, None, true) => db::Scope::Org(org_id),
        (None, None, false) => {
            return Err(Error::Invalid {
                path: "users add".to_string(),
                message: "cần --cell SỐ, --new-cell TÊN hoặc --committee".to_string(),
            });
        }
    };
    if let db::Scope::Cell(id) = scope
        && db::get_cell(&conn, id)?.is_none()
    {
        return Err(Error::Invalid {
            path: "--cell".to_string(),
            message: format!("không có chi bộ số {id}"),
        });
    }
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .map_err(|e| io_error("stdin", e))?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.chars().count() < 8 {
        return Err(Error::Invalid {
            path: "mật khẩu".to_string(),
            message: "cần ít nhất 8 ký tự".to_string(),
        });
    }
    db::add_user(&conn, name, &auth::hash_password(password)?, scope)?;
    let what = match scope {
        db::Scope::Cell(id) => format!("chi bộ số {id}"),
        _ => format!(
            "ủy ban kiểm tra: các chi bộ của {}",
            db::get_org(&conn, org_id)?.map_or(String::new(), |o| o.name)
        ),
    };
    println!("đã tạo tài khoản «{name}» ({what})");
    Ok(())
}
