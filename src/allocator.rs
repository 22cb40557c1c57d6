//! The global allocator: mimalloc, called through its plain entry points whenever they give
//! the alignment a layout needs.
//!
//! The `mimalloc` crate sends every allocation through `mi_malloc_aligned`. mimalloc 3 serves
//! that quickly only for blocks of at most 1 KiB whose free block happens to be aligned;
//! anything larger that is not a power of two in size (a page being rendered, a file read,
//! a growing list) takes its over-allocating path instead: ~320 instructions where `mi_malloc`
//! takes ~30, for 80,000 of the 1,100,000 allocations of a 1,000-article build.

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned};
use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every block of mimalloc's plain entry points has: its size classes are whole
/// machine words (a 24-byte block sits at a multiple of 8, not of 16), so larger alignments
/// still go through the aligned entry points.
const WORD: usize = std::mem::size_of::<usize>();

/// mimalloc, asked for plain blocks when a word's alignment is enough.
pub struct Mimalloc;

// SAFETY: each method hands mimalloc's pointers through unchanged. The plain entry points
// return word-aligned blocks (or null), so they serve exactly the layouts `word_aligned`
// admits; every other layout goes to the aligned entry points, which honour any power-of-two
// alignment. mimalloc frees and reallocates a block whichever entry point made it.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the entry points are given the layout's own size and alignment.
        unsafe { block(layout, mi_malloc, mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe { block(layout, mi_zalloc, mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from one of mimalloc's allocating entry points above.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from mimalloc; the new block keeps the layout's alignment.
        unsafe {
            if word_aligned(layout.align()) {
                mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// A block for `layout` from the plain entry point `plain`, or from `aligned` when a word's
/// alignment is not enough.
///
/// # Safety
/// `plain` and `aligned` are mimalloc's allocating entry points of one kind (plain or zeroed).
#[inline]
unsafe fn block(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: mimalloc's entry points accept any size, and `aligned` any power-of-two
    // alignment, which a layout's is.
    unsafe {
        if word_aligned(layout.align()) {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

/// Whether a block from the plain entry points has `align`.
fn word_aligned(align: usize) -> bool {
    align <= WORD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligned(block: *mut u8, align: usize) -> bool {
        !block.is_null() && (block as usize).is_multiple_of(align)
    }

    /// Every size class up to a few pages, at every alignment up to 4 KiB: each block has its
    /// alignment, keeps its bytes through a reallocation, and is zeroed when asked.
    #[test]
    fn blocks_have_their_alignment_and_keep_their_bytes() {
        let alloc = Mimalloc;
        let mut align = 1;
        while align <= 4096 {
            for size in (1..300).chain([1023, 1024, 1025, 4000, 70_000, 300_000]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: non-zero size; each block is written within its size and freed once.
                unsafe {
                    let zeroed = alloc.alloc_zeroed(layout);
                    assert!(aligned(zeroed, align));
                    assert!(
                        std::slice::from_raw_parts(zeroed, size)
                            .iter()
                            .all(|&b| b == 0)
                    );
                    alloc.dealloc(zeroed, layout);
                    let p = alloc.alloc(layout);
                    assert!(aligned(p, align), "{size} at {align}");
                    std::ptr::write_bytes(p, 0xA5, size);
                    let q = alloc.realloc(p, layout, size * 3);
                    assert!(aligned(q, align), "{size}×3 at {align}");
                    assert!(
                        std::slice::from_raw_parts(q, size)
                            .iter()
                            .all(|&b| b == 0xA5)
                    );
                    alloc.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                }
            }
            align *= 2;
        }
    }
}
