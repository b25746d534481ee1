//! The wasm's global allocator: every block is a power of two from 8 bytes up, freed
//! blocks wait on one list per size and are handed out again by the next allocation of
//! that size. Parsing and validating a body allocates and frees hundreds of small strings
//! and vectors, and a list push or pop is several times cheaper than a general allocator's
//! bookkeeping (alloc and free were a quarter of the time of NDJSON validation with
//! dlmalloc). It also leaves dlmalloc out of the wasm (~5 KB).
//!
//! Blocks under 64 KiB are cut from 64 KiB pages; larger ones are pages of their own. All
//! come from `memory.grow` and none goes back: a wasm memory never shrinks anyway, and what
//! the lists hold is bounded by the most blocks of each size ever live at once. The price
//! is rounding: a block takes up to twice its size (a 40 MB text takes 64 MB).
use core::arch::wasm32::memory_grow;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

const MIN_SHIFT: usize = 3; // 8 bytes: room for the list link
const PAGE_SHIFT: usize = 16; // wasm pages are 64 KiB
const PAGE: usize = 1 << PAGE_SHIFT;
const CLASSES: usize = usize::BITS as usize - MIN_SHIFT;

struct State {
    free: [*mut u8; CLASSES],
    /// What is left of the page small blocks are being cut from.
    next: usize,
    end: usize,
}

struct SizeClasses(UnsafeCell<State>);

// The wasm32-unknown-unknown module is single-threaded: nothing shares the state.
unsafe impl Sync for SizeClasses {}

#[global_allocator]
static ALLOCATOR: SizeClasses =
    SizeClasses(UnsafeCell::new(State { free: [core::ptr::null_mut(); CLASSES], next: 0, end: 0 }));

/// The class of a layout: blocks of class `c` are `8 << c` bytes, aligned to their size
/// when cut from a page, so any layout of that size and alignment fits.
#[inline(always)]
fn class(layout: &Layout) -> usize {
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    usize::BITS as usize - (size - 1).leading_zeros() as usize - MIN_SHIFT
}

/// `pages` fresh pages, or `None` when the memory cannot grow.
fn grow(pages: usize) -> Option<usize> {
    let old = memory_grow(0, pages);
    (old != usize::MAX).then_some(old << PAGE_SHIFT)
}

impl State {
    #[inline]
    fn push(&mut self, c: usize, block: *mut u8) {
        // A free block's first word links to the next free block of its class.
        unsafe { *(block as *mut *mut u8) = self.free[c] };
        self.free[c] = block;
    }

    #[cold]
    fn fresh(&mut self, c: usize) -> *mut u8 {
        let size = 1usize << (c + MIN_SHIFT);
        if size >= PAGE {
            return grow(size >> PAGE_SHIFT).map_or(core::ptr::null_mut(), |at| at as *mut u8);
        }
        // Aligned to its size: blocks are cut in any order from 64 KiB aligned pages.
        let mut at = (self.next + size - 1) & !(size - 1);
        if at + size > self.end {
            let Some(page) = grow(1) else { return core::ptr::null_mut() };
            self.release(self.next, self.end);
            (self.next, self.end) = (page, page + PAGE);
            at = page;
        }
        self.release(self.next, at);
        self.next = at + size;
        at as *mut u8
    }

    /// Puts the unused range `from..to` on the lists, in the largest aligned pieces.
    fn release(&mut self, mut from: usize, to: usize) {
        while to - from >= 1 << MIN_SHIFT {
            let room = 1usize << (usize::BITS - 1 - (to - from).leading_zeros());
            let piece = room.min(1 << from.trailing_zeros());
            self.push(piece.trailing_zeros() as usize - MIN_SHIFT, from as *mut u8);
            from += piece;
        }
    }
}

unsafe impl GlobalAlloc for SizeClasses {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > PAGE {
            // Not even a fresh page is aligned that much (nothing here asks for it).
            return core::ptr::null_mut();
        }
        let state = &mut *self.0.get();
        let c = class(&layout);
        let block = state.free[c];
        if block.is_null() {
            return state.fresh(c);
        }
        state.free[c] = *(block as *mut *mut u8);
        block
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).push(class(&layout), ptr);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(&layout) == class(&new_layout) {
            // The block already has the room.
            return ptr;
        }
        let new = self.alloc(new_layout);
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}
