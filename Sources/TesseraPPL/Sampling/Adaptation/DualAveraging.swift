import Foundation

/// Step-size adaptation by dual averaging (Nesterov 2009), as in Hoffman & Gelman 2014,
/// "The No-U-Turn Sampler", Algorithm 5 (γ = 0.05, t₀ = 10, κ = 0.75, μ = log(10 ε₀)).
public struct DualAveraging: Sendable {
    public var targetAccept: Double
    public let gamma = 0.05, t0 = 10.0, kappa = 0.75
    var mu: Double
    var hBar = 0.0
    var logEpsilon: Double
    var logEpsilonBar = 0.0
    var count = 0.0

    /// Starts adaptation from a step size.
    public init(initialStepSize: Double, targetAccept: Double) {
        self.targetAccept = targetAccept
        mu = Foundation.log(10 * initialStepSize)
        logEpsilon = Foundation.log(initialStepSize)
    }

    /// The step size to use next.
    public var stepSize: Double { Foundation.exp(logEpsilon) }
    /// The averaged step size, used after warm-up.
    public var finalStepSize: Double { count == 0 ? stepSize : Foundation.exp(logEpsilonBar) }

    /// Updates with the acceptance statistic of the last transition (eq. 6 of Hoffman & Gelman).
    public mutating func update(acceptance: Double) {
        count += 1
        let a = acceptance.isFinite ? min(1, acceptance) : 0
        let w = 1 / (count + t0)
        hBar = (1 - w) * hBar + w * (targetAccept - a)
        logEpsilon = mu - count.squareRoot() / gamma * hBar
        let eta = Foundation.pow(count, -kappa)
        logEpsilonBar = eta * logEpsilon + (1 - eta) * logEpsilonBar
    }

    /// Restarts around a new step size (after the metric changes).
    public mutating func restart(stepSize: Double) {
        self = DualAveraging(initialStepSize: stepSize, targetAccept: targetAccept)
    }
}
