import Foundation
import Tessera

extension FlatDistribution: DensityDistribution {
    /// `log p(x) = 0` (improper).
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        zerosLike(value, dtype: .float64)
    }

    /// PyMC's convention for the improper flat prior: `log(1/2)` for finite values, `−∞` at −∞ and 0 at +∞.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        let half = zerosLike(value, dtype: .float64) + Foundation.log(0.5)
        return `where`(value .== -Double.infinity, Variable(floatLiteral: -.infinity),
                       `where`(value .== Double.infinity, 0.0, half))
    }

    public func support(_ params: [Variable]) -> Support { .real }
}

extension HalfFlatDistribution: DensityDistribution {
    /// `log p(x) = 0` for `x ≥ 0`, `−∞` below (improper).
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        `where`(value .< 0.0, Variable(floatLiteral: -.infinity), zerosLike(value, dtype: .float64))
    }

    /// PyMC's convention for the improper half-flat prior: `−∞` for finite values, 0 at +∞.
    public func logcdf(_ value: Variable, _ params: [Variable]) -> Variable? {
        `where`(value .== Double.infinity, 0.0, zerosLike(value, dtype: .float64) - Double.infinity)
    }

    public func support(_ params: [Variable]) -> Support { .positive }
}
