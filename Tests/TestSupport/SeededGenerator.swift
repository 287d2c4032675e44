import Foundation

/// A random generator for the fuzz-style loops of the tests that replays: SplitMix64 from a
/// seed, `ONEVISIT_TEST_SEED` when set, else a fixed one. A failing loop names its seed, and
/// the same seed gives the same inputs again.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64 = SeededGenerator.defaultSeed) {
        self.seed = seed
        state = seed
    }

    /// `ONEVISIT_TEST_SEED`, or 20261202.
    public static var defaultSeed: UInt64 {
        ProcessInfo.processInfo.environment["ONEVISIT_TEST_SEED"].flatMap(UInt64.init) ?? 20_261_202
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
