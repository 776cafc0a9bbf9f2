// TEMPORARY: placeholder densities so the families compile before the `densities` branch lands.
// Delete this file after merging main with the real conformances (Sources/TesseraLogProb/Densities/).
import Tessera
import TesseraLogProb

extension HalfNormalDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension LogNormalDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension ExponentialDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension GammaDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension InverseGammaDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension BetaDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .unitInterval }
}
extension StudentTDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .real }
}
extension HalfStudentTDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension CauchyDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .real }
}
extension HalfCauchyDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension LaplaceDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .real }
}
extension LogisticDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .real }
}
extension WeibullDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension ParetoDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension ChiSquaredDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension VonMisesDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .circular }
}
extension UniformDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .interval(lower: params[0], upper: params[1]) }
}
extension BernoulliDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension BinomialDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension PoissonDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension NegativeBinomialDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension GeometricDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension CategoricalDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension DiscreteUniformDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension BetaBinomialDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { zerosLike(value, dtype: .float64) }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension MvNormalDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { sum(zerosLike(value, dtype: .float64), axis: -1) }
    public func support(_ params: [Variable]) -> Support { .realVector }
}
extension DirichletDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { sum(zerosLike(value, dtype: .float64), axis: -1) }
    public func support(_ params: [Variable]) -> Support { .simplex }
}
extension MultinomialDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable { sum(zerosLike(value, dtype: .float64), axis: -1) }
    public func support(_ params: [Variable]) -> Support { .countVector }
}
