using Xunit;

// Torch keeps one global random generator and one intra-op thread pool per process: tests that train in
// parallel would draw from each other's generator (breaking the determinism tests) and oversubscribe the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
