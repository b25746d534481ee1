//! The wasm's global allocator: freed blocks of up to 4 KiB are kept on one free list per
//! power-of-two size and handed out again by the next allocation of that size. Parsing and
//! validating a body allocates and frees hundreds of small strings and vectors; a list
//! push or pop is several times cheaper than dlmalloc's bookkeeping (alloc and free were a
//! quarter of the time of NDJSON validation). Larger blocks, and the lists' first blocks,
//! come from std's allocator. Listed memory is never handed back to it: what the lists
//! hold is bounded by the most blocks of each size ever live at once.
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;

const MIN_SHIFT: usize = 3; // 8 bytes: room for the list link
const MAX_SHIFT: usize = 12; // 4 KiB
const CLASSES: usize = MAX_SHIFT - MIN_SHIFT + 1;

struct SizeClasses {
    free: UnsafeCell<[*mut u8; CLASSES]>,
}

// The wasm32-unknown-unknown module is single-threaded: nothing shares the lists.
unsafe impl Sync for SizeClasses {}

#[global_allocator]
static ALLOCATOR: SizeClasses = SizeClasses { free: UnsafeCell::new([core::ptr::null_mut(); CLASSES]) };

/// The class of a layout, or `None` when it is served by std's allocator directly.
#[inline(always)]
fn class(layout: &Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let shift = usize::BITS as usize - (size - 1).leading_zeros() as usize;
    (shift <= MAX_SHIFT).then(|| shift - MIN_SHIFT)
}

/// The layout a class's blocks are allocated with: its size, aligned to itself, so that
/// any request of that class (size and alignment at most the class size) fits.
#[inline(always)]
fn class_layout(class: usize) -> Layout {
    let size = 1 << (class + MIN_SHIFT);
    // SAFETY: a power of two no larger than 4 KiB is a valid size and alignment.
    unsafe { Layout::from_size_align_unchecked(size, size) }
}

unsafe impl GlobalAlloc for SizeClasses {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(&layout) else { return System.alloc(layout) };
        let free = &mut *self.free.get();
        let block = free[c];
        if block.is_null() {
            return System.alloc(class_layout(c));
        }
        // A free block's first word links to the next free block of its class.
        free[c] = *(block as *mut *mut u8);
        block
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(c) = class(&layout) else { return System.dealloc(ptr, layout) };
        let free = &mut *self.free.get();
        *(ptr as *mut *mut u8) = free[c];
        free[c] = ptr;
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (class(&layout), class(&new_layout)) {
            // Same class: the block already has the room.
            (Some(a), Some(b)) if a == b => ptr,
            (None, None) => System.realloc(ptr, layout, new_size),
            _ => {
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                new
            }
        }
    }
}
