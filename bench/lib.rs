//! Nothing here: the benchmarks are in `benches/`. Run them with
//! `cargo bench -p tzsafe-bench`; `scripts/bench_table.py` turns a run into
//! the tables of README.md and BENCHMARKS.md.
