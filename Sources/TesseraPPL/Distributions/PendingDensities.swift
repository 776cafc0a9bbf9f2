// Densities not built yet: their families build random variables (prior draws work), and a log-density
// that needs one carries an error saying so. Replaced by real conformances in Sources/TesseraLogProb/Densities/.
import Tessera
import TesseraLogProb

extension LaplaceDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the Laplace density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .real }
}
extension LogisticDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the Logistic density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .real }
}
extension WeibullDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the Weibull density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension ParetoDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the Pareto density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension ChiSquaredDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the ChiSquared density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .positive }
}
extension VonMisesDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the VonMises density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .circular }
}
extension NegativeBinomialDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the NegativeBinomial density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension GeometricDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the Geometric density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension DiscreteUniformDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the DiscreteUniform density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension BetaBinomialDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the BetaBinomial density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .integers }
}
extension MvNormalDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the MvNormal density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .realVector }
}
extension DirichletDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the Dirichlet density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .simplex }
}
extension MultinomialDistribution: DensityDistribution {
    public func logp(_ value: Variable, _ params: [Variable]) -> Variable {
        .carrying(.unsupported("logp: the Multinomial density is not built yet; it cannot be used in a model's log-density"))
    }
    public func support(_ params: [Variable]) -> Support { .countVector }
}
