import Foundation
import Tessera
import TesseraLogProb

/// Which value transform a free random variable gets.
public enum TransformChoice: Sendable {
    /// The default for the distribution's support (`log` for positive, `logodds` for the unit interval …).
    case `default`
    /// None: sample the variable in its own space.
    case none
    /// A given transform.
    case custom(any Transform)
}

/// The machinery every named distribution shares: build the random variable (its size from
/// `shape`, `dims` or the observed data), and register it in the current model.
public enum DistributionBuilder {
    /// Builds a random variable of `distribution`; with a `name`, registers it in the current model
    /// as a free variable, or an observed one when `observed` is given.
    ///
    /// Errors (no current model, a duplicate name, data that does not fit) are recorded in the model
    /// and thrown by `Model { }`; the result then carries the error too.
    public static func make(
        _ distribution: any DensityDistribution, _ params: [any TensorLike], name: String?,
        observed: (any TensorLike)? = nil, shape: [Int]? = nil, dims: [String]? = nil,
        transform: TransformChoice = .default, initval: (any NDArrayConvertible)? = nil
    ) -> Variable {
        let model = Model.current
        let paramVars: [Variable]
        let data: Variable?
        do {
            paramVars = try params.map { try $0.asVariable() }
            data = try observed.map { try $0.asVariable() }
        } catch {
            return fail(model, "\(name ?? distribution.name): \(error)")
        }
        if let name, model == nil {
            return .invalidTensor(ModelError.noModel(
                "'\(name)': a named distribution must be created inside Model { … }; use \(distribution.name).dist(…) for an unregistered one"))
        }
        // The size: explicit shape, then dims, then the data's shape; `shape` and `dims` name every
        // axis (PyMC's `shape`), the size only the batch axes before the support's.
        let nSupp = distribution.ndimSupp
        if let shape, shape.count < nSupp {
            return fail(model, "\(name ?? distribution.name): shape \(shape) has \(shape.count) axes, but one draw of \(distribution.name) already has \(nSupp)")
        }
        if let dims, let model, let unknown = dims.first(where: { model.root.coords[$0] == nil }) {
            let e = ModelError.invalidDims(
                "'\(model.prefix)\(name ?? distribution.name)': unknown dim '\(unknown)'; add it to the model's coords (known: \(model.root.coords.keys.sorted()))")
            model.record(e)
            return .invalidTensor(e)
        }
        var size = shape.map { Array($0.dropLast(nSupp)) }
        if size == nil, let dims, let model, dims.count >= nSupp {
            let coords = model.root.coords
            if dims.allSatisfy({ coords[$0] != nil }) { size = dims.dropLast(nSupp).map { coords[$0]!.count } }
        }
        if size == nil, let data {
            let batch = Array(data.staticShape.dropLast(distribution.ndimSupp))
            if batch.allSatisfy({ $0 != nil }), !batch.isEmpty { size = batch.map { $0! } }
        }
        let rng = model?.nextRNG()
        let rv = Random.variable(distribution, paramVars, size: size, rng: rng)
        if let e = rv.buildError { return fail(model, "\(name ?? distribution.name): \(e.message)") }
        if let shape, nSupp > 0,
           !zip(rv.staticShape, shape).allSatisfy({ $0 == nil || $0 == $1 }) || rv.ndim != shape.count {
            return fail(model, "\(name ?? distribution.name): shape \(shape) does not fit the draws' shape \(Shape.format(rv.staticShape)) (the last \(nSupp) axes come from the parameters)")
        }
        guard let name, let model else { return rv }
        let defaultTransform = distribution.support(paramVars).defaultTransform
        return register(rv, name: name, in: model, data: data, dims: dims, transform: transform,
                        defaultTransform: defaultTransform, initval: initval)
    }

    /// Registers a random variable (or any measurable graph of random variables) under `name`:
    /// observed when `data` is given, else free with a value variable in the transformed space.
    static func register(_ rv: Variable, name: String, in model: Model, data: Variable?, dims: [String]?,
                         transform: TransformChoice, defaultTransform: (any Transform)?,
                         initval: (any NDArrayConvertible)?) -> Variable {
        let full = model.prefix + name
        guard model.claim(full, rv) else { return rv }
        model.registerDims(full, dims, shape: rv.staticShape)
        let root = model.root
        if let data, let c = data.constantValue, c.storage.contains(where: \.isNaN), rv.randomVariable != nil {
            // Missing observations (NaN): they become a free variable `<name>_missing`, as PyMC imputes masked data.
            return impute(rv, name: full, data: c, model: model, transform: defaultTransform)
        }
        if let data {
            guard let checked = checkObserved(data, for: rv, name: full, model: model) else { return rv }
            root.observedRVs.append(rv)
            root.rvsToValues[rv] = checked
            if model !== root { model.observedRVs.append(rv) }
        } else {
            let t: (any Transform)?
            switch transform {
            case .default: t = defaultTransform
            case .none: t = nil
            case .custom(let c): t = c
            }
            let valueName = t.map { "\(full)_\($0.name)__" } ?? full
            let unconstrained = t.map { $0.forward(rv) } ?? rv  // its type: the value variable's
            let vv = tensor(valueName, dtype: unconstrained.dtype, shape: unconstrained.staticShape)
            root.freeRVs.append(rv)
            root.rvsToValues[rv] = vv
            if let t { root.rvsToTransforms[rv] = t }
            if model !== root { model.freeRVs.append(rv) }
            if let initval {
                do { root.initvals[rv] = try initval.toNDArray() } catch { model.record(error) }
            }
        }
        return rv
    }

    /// Registers `rv` as observed where the data are known and adds a free variable `<name>_missing` for the
    /// NaN entries: the observed value is the data with the missing entries filled from that variable, so the
    /// density of `rv` covers both (the free variable's own term is its transform's log-Jacobian only).
    static func impute(_ rv: Variable, name: String, data: NDArray, model: Model, transform: (any Transform)?) -> Variable {
        let root = model.root
        guard data.shape == rv.type.knownShape ?? data.shape, rv.ndim == data.ndim else {
            model.record(ModelError.invalidObserved("'\(name)': data with missing values must have the variable's shape \(Shape.format(rv.staticShape)), got \(data.shape)"))
            return rv
        }
        let missing = data.storage.indices.filter { data.storage[$0].isNaN }
        let filled = (try? NDArray(shape: data.shape, elements: data.storage.map { $0.isNaN ? 0 : $0 }, dtype: rv.dtype)) ?? data
        let positions = constant(NDArray(uncheckedShapeInts: missing))
        let missingRV = flatten(rv)[positions]  // its prior draws: the RV's own, at the missing entries
        let missingName = name + "_missing"
        guard model.claim(missingName, missingRV) else { return rv }
        let valueName = transform.map { "\(missingName)_\($0.name)__" } ?? missingName
        let vv = tensor(valueName, dtype: rv.dtype, shape: [missing.count])
        root.freeRVs.append(missingRV)
        root.rvsToValues[missingRV] = vv
        if let transform { root.rvsToTransforms[missingRV] = transform }
        root.customLogps[missingRV] = { v in 0.0 * v }  // its density is part of the observed variable's term
        let constrained = transform.map { $0.backward(vv) } ?? vv
        let value = reshape(setSubtensor(flatten(constant(filled))[positions], constrained), data.shape)
        root.observedRVs.append(rv)
        root.rvsToValues[rv] = value
        return rv
    }

    /// Checks observed data against its variable: shape, NaN, dtype.
    static func checkObserved(_ data: Variable, for rv: Variable, name: String, model: Model) -> Variable? {
        if let c = data.constantValue {
            if c.storage.contains(where: \.isNaN) {
                model.record(ModelError.invalidObserved(
                    "'\(name)': the observed data contains NaN at \(c.storage.filter(\.isNaN).count) position(s); remove the missing entries, or model them as free variables"))
                return nil
            }
            if c.storage.contains(where: \.isInfinite) {
                model.record(ModelError.invalidObserved("'\(name)': the observed data contains infinite values"))
                return nil
            }
            if rv.dtype.isDiscrete, c.storage.contains(where: { $0 != $0.rounded() }) {
                model.record(ModelError.invalidObserved(
                    "'\(name)': the variable is discrete (\(rv.dtype)), but the observed data has non-integer values"))
                return nil
            }
        }
        guard data.ndim == rv.ndim,
              zip(data.staticShape, rv.staticShape).allSatisfy({ a, b in a == nil || b == nil || a == b })
        else {
            model.record(ModelError.invalidObserved(
                "'\(name)': the observed data has shape \(Shape.format(data.staticShape)), but the variable has shape \(Shape.format(rv.staticShape)); give data of that shape, or set shape:/dims: to match the data"))
            return nil
        }
        if data.dtype != rv.dtype, let c = data.constantValue { return constant(c.astype(rv.dtype)) }
        return data
    }

    static func fail(_ model: Model?, _ message: String) -> Variable {
        let e = ModelError.invalid(message)
        model?.record(e)
        return .invalidTensor(e)
    }
}

extension Variable {
    /// A variable carrying a model error (see ``Variable/buildError``).
    static func invalidTensor(_ e: ModelError) -> Variable {
        // A graph-level error with the model's message, thrown by the first compile or evaluation.
        let x = Variable.carrying(TesseraError.invalidArgument(e.description))
        return x
    }
}
