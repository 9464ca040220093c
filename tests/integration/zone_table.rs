//! Tests: zone_table.
