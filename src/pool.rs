//! The one worker pool of the products that fan out (batch, handouts): items pulled from an
//! iterator through a short queue by one thread per job, so memory holds a few items at a
//! time however long the list.

use std::sync::{Mutex, mpsc};

/// Calls `work` on every item of `items` from `jobs` threads (at least one) and returns when
/// all are done. `work` sees items in no fixed order; it must not panic (see [`catch`]).
pub fn run<T: Send>(jobs: usize, items: impl Iterator<Item = T>, work: &(dyn Fn(T) + Sync)) {
    let jobs = jobs.max(1);
    let (tx, rx) = mpsc::sync_channel::<T>(jobs * 2);
    let rx = Mutex::new(rx);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                while let Ok(item) = rx.lock().map(|r| r.recv()).unwrap_or(Err(mpsc::RecvError)) {
                    work(item);
                }
            });
        }
        for item in items {
            if tx.send(item).is_err() {
                break;
            }
        }
        drop(tx);
    });
}

/// Runs `f`, turning a panic into its message: a bug met on one item must not stop the
/// others, nor leave the reader blocked on a queue nobody empties.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// One thread per core, as the default number of jobs.
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn every_item_is_worked_once() {
        let sum = AtomicUsize::new(0);
        let count = AtomicUsize::new(0);
        run(3, 1..=100usize, &|i| {
            sum.fetch_add(i, Ordering::Relaxed);
            count.fetch_add(1, Ordering::Relaxed);
        });
        assert_eq!(count.into_inner(), 100);
        assert_eq!(sum.into_inner(), 5050);
    }

    #[test]
    fn a_panic_becomes_its_message() {
        let r: Result<(), String> = catch(|| panic!("hỏng ở chi bộ 7"));
        assert_eq!(r.unwrap_err(), "hỏng ở chi bộ 7");
    }
}
