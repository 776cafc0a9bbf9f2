import Foundation

/// nutpie's diagonal mass-matrix adaptation from draws *and* gradients (Seyboldt, Carlson & Carpenter,
/// "If only my posterior were normal: introducing Fisher HMC", 2025; nutpie / nuts-rs `DiagAdaptExp`).
///
/// For a Gaussian posterior with covariance `Σ` the gradients have covariance `Σ⁻¹`; the diagonal
/// metric that minimises the Fisher divergence between the rescaled posterior and a standard normal is
///
/// ```
/// M⁻¹ᵢᵢ = √( Var(xᵢ) / Var(∂ log π / ∂xᵢ) )
/// ```
///
/// which equals the variance for independent coordinates and is a better compromise than the plain
/// variance for correlated ones. It is usable from very few draws, which allows nutpie's schedule:
///
/// - start: `M⁻¹ᵢᵢ = 1/|gᵢ|` from the gradient at the initial point;
/// - every warm-up draw before the final window: update `M⁻¹` from the draws and gradients seen since
///   the last estimator switch. Two estimators run side by side; the background one restarts at each
///   switch and becomes the foreground one after `switch` draws: every 10 draws in the early window
///   (the first 30% of warm-up), every 80 afterwards (no switch that the final window would cut short);
/// - the final 15% of warm-up: step size only.
///
/// Divergent transitions and non-finite values do not feed the estimates.
struct GradientMetricAdaptation {
    let tune: Int
    /// Draws before this index are in the early window.
    let earlyEnd: Int
    /// From this index on only the step size is adapted.
    let finalWindowStart: Int
    let earlySwitch = 10
    let lateSwitch = 80
    var draws: RunningVariance
    var gradients: RunningVariance
    var backgroundDraws: RunningVariance
    var backgroundGradients: RunningVariance
    /// Clamp of the inverse mass (nuts-rs uses the same bounds).
    let bounds = (1e-20, 1e20)

    init(tune: Int, dimension: Int) {
        self.tune = tune
        earlyEnd = Int(0.3 * Double(tune))
        finalWindowStart = tune - Int(0.15 * Double(tune))
        draws = RunningVariance(dimension: dimension)
        gradients = draws
        backgroundDraws = draws
        backgroundGradients = draws
    }

    /// The initial inverse mass `1/|g|` (clamped), and the initial point as the first draw of both
    /// estimators. Where the gradient is zero or not finite the inverse mass is 1 (nuts-rs would take
    /// the clamp's 10²⁰ for a zero gradient, which a start at a symmetric mode hits).
    mutating func initial(position: [Double], gradient: [Double]) -> [Double] {
        add(position, gradient)
        return gradient.map { g in
            let a = abs(g)
            guard a > 0, a.isFinite else { return 1 }
            return 1 / min(max(a, bounds.0), bounds.1)
        }
    }

    mutating func add(_ x: [Double], _ g: [Double]) {
        guard x.allSatisfy(\.isFinite), g.allSatisfy(\.isFinite) else { return }
        draws.add(x); gradients.add(g)
        backgroundDraws.add(x); backgroundGradients.add(g)
    }

    /// Feeds warm-up draw `i` (0-based) and returns the new inverse mass diagonal, or `nil` when the
    /// metric stays (final window, or fewer than 3 draws in the estimate).
    mutating func update(draw i: Int, position: [Double], gradient: [Double], diverging: Bool) -> [Double]? {
        guard i < finalWindowStart else { return nil }
        if !diverging { add(position, gradient) }
        let every = i < earlyEnd ? earlySwitch : lateSwitch
        if backgroundDraws.count >= every && i + every <= finalWindowStart {
            draws = backgroundDraws
            gradients = backgroundGradients
            backgroundDraws = RunningVariance(dimension: position.count)
            backgroundGradients = backgroundDraws
        }
        guard draws.count >= 3 else { return nil }
        return zip(draws.variance, gradients.variance).map { vx, vg in
            let m = (vx / vg).squareRoot()
            return m.isFinite && m > 0 ? min(max(m, bounds.0), bounds.1) : .nan
        }
    }
}
