import Foundation

/// The simulated day's dice (SplitMix64): the same seed gives the same day, on any machine,
/// so a demo or a training session can be run again as it was.
struct DayRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// One of `choices`, each as likely as its weight.
    mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var roll = Double.random(in: 0..<total, using: &self)
        for (value, weight) in choices {
            if roll < weight { return value }
            roll -= weight
        }
        return choices[choices.count - 1].0
    }

    /// A service time: log-normal around `meanMinutes`, the skew of real counters (most short,
    /// a few very long), kept between a minute and five times the mean.
    mutating func serviceSeconds(meanMinutes: Double) -> Double {
        let sigma = 0.5
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self), u2 = Double.random(in: 0..<1, using: &self)
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        let minutes = meanMinutes * exp(sigma * normal - sigma * sigma / 2)
        return min(max(minutes, 1), meanMinutes * 5) * 60
    }
}
