import Foundation
import Tessera
import TesseraLogProb

/// Registers a named deterministic function of the model's variables: computed and recorded
/// for every draw (PyMC's `pm.Deterministic`).
@discardableResult
public func Deterministic(_ name: String, _ value: Variable, dims: [String]? = nil) -> Variable {
    guard let model = Model.current else {
        return .invalidTensor(.noModel("Deterministic '\(name)' must be created inside Model { … }"))
    }
    let v = elemwise(Second(), value, value)  // a node of its own, so the name stays on it
    let full = model.prefix + name
    guard model.claim(full, v) else { return v }
    model.registerDims(full, dims, shape: v.staticShape)
    model.root.deterministics.append(v)
    if model !== model.root { model.deterministics.append(v) }
    return v
}

/// Adds a term to the model's log-density (PyMC's `pm.Potential`): a constraint or a custom likelihood.
@discardableResult
public func Potential(_ name: String, _ value: Variable) -> Variable {
    guard let model = Model.current else {
        return .invalidTensor(.noModel("Potential '\(name)' must be created inside Model { … }"))
    }
    let v = elemwise(Second(), value, value)
    let full = model.prefix + name
    guard model.claim(full, v) else { return v }
    model.root.potentials.append(v)
    if model !== model.root { model.potentials.append(v) }
    return v
}

/// A named data container (PyMC's `pm.Data`): a shared variable whose value
/// `model.setData(name, newValue)` replaces, shape changes allowed (out-of-sample prediction).
public func Data(_ name: String, _ value: some NDArrayConvertible, dims: [String]? = nil) -> Variable {
    guard let model = Model.current else {
        return .invalidTensor(.noModel("Data '\(name)' must be created inside Model { … }"))
    }
    let array: NDArray
    do { array = try value.toNDArray() } catch {
        return DistributionBuilder.fail(model, "Data '\(name)': \(error)")
    }
    let v = shared(array, name: name)
    let full = model.prefix + name
    guard model.claim(full, v) else { return v }
    model.registerDims(full, dims, shape: array.shape.map { $0 })
    model.root.dataVars[full] = v
    return v
}

extension Model {
    /// Replaces the value of a `Data` container; `coords` updates the coordinates of its dims.
    ///
    /// - Throws: when there is no such container, or the new value has another rank or an unsafe dtype.
    public func setData(_ name: String, _ value: some NDArrayConvertible, coords newCoords: [String: [String]] = [:]) throws {
        guard let v = dataVars[name] else {
            throw ModelError.unknownVariable("setData: the model has no Data named '\(name)' (it has \(dataVars.keys.sorted()))")
        }
        try v.setValue(value)
        for (k, c) in newCoords { coords[k] = c }
    }
}
