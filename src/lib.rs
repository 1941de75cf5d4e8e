//! Trailview app (placeholder while the core is built).
