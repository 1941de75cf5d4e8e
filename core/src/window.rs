//! Virtual-list arithmetic: which rows of a long list are on screen, so only those are rendered.

use std::ops::Range;

/// The rows to render for a viewport: those visible plus `overscan` on each side, clamped to the list.
pub fn visible_rows(
    scroll_top: f64,
    viewport_height: f64,
    row_height: f64,
    len: usize,
    overscan: usize,
) -> Range<usize> {
    if len == 0 || row_height <= 0.0 || !row_height.is_finite() {
        return 0..0;
    }
    let top = scroll_top.max(0.0);
    let first = ((top / row_height).floor() as usize).min(len.saturating_sub(1));
    let shown = (viewport_height.max(0.0) / row_height).ceil() as usize + 1;
    first.saturating_sub(overscan)..(first + shown + overscan).min(len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn top_of_list() {
        assert_eq!(visible_rows(0.0, 100.0, 20.0, 1000, 3), 0..9);
    }

    #[test]
    fn scrolled_past_the_end_clamps() {
        assert_eq!(visible_rows(1e9, 100.0, 20.0, 10, 2), 7..10);
        assert_eq!(visible_rows(0.0, 100.0, 20.0, 0, 2), 0..0);
    }

    proptest! {
        #[test]
        fn always_covers_the_viewport(top in 0.0f64..1e6, h in 0.0f64..3000.0, rh in 1.0f64..100.0, len in 0usize..100_000, over in 0usize..10) {
            let r = visible_rows(top, h, rh, len, over);
            prop_assert!(r.start <= r.end && r.end <= len);
            let first_visible = (top / rh).floor() as usize;
            let last_visible = ((top + h) / rh).ceil() as usize;
            if first_visible < len {
                prop_assert!(r.start <= first_visible);
                prop_assert!(r.end >= last_visible.min(len));
            }
        }
    }
}
