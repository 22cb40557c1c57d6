//! Locking shared state that a panicking thread cannot leave half-updated.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// The data behind `mutex`, even if a thread panicked while holding it: for state whose every
/// update is a single push, insert or take, so a panic cannot leave it half-written.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
