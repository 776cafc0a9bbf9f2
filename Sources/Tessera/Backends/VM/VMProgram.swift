import Foundation

/// The `.vm` backend: runs a graph's nodes in topological order with Swift kernels over
/// whole arrays. Each variable has a slot whose buffer is kept between calls, so calls
/// with unchanged shapes reuse every buffer. It is the reference for other backends.
final class VMProgram: @unchecked Sendable {
    struct Step {
        let op: any Op
        let inputSlots: [Int]
        let outputSlots: [Int]
    }

    private(set) var slots: [NDArray]
    let steps: [Step]
    /// Slots fed by the function's inputs, in order.
    let inputSlots: [Int]
    /// Shared variables read at the start of each call.
    let sharedSlots: [(SharedStorage, Int)]
    /// Slots holding the requested outputs.
    let outputSlots: [Int]
    /// Slots holding constants, with their values.
    let constantSlots: [Int: NDArray]
    /// The static type of each slot's variable (what code generation for a loop body reads).
    let slotTypes: [TensorType]
    /// Reused per-step argument arrays.
    private var argumentScratch: [NDArray] = []

    /// Lays out slots for every variable between `inputs` and `outputs`.
    ///
    /// - Throws: when the graph needs an input that is not among `inputs`.
    init(inputs: [Variable], outputs: [Variable]) throws {
        let stop = Set(inputs)
        let order = Graph.topologicalOrder(outputs: outputs, stop: stop)
        var slotOf: [Variable: Int] = [:]
        var slots: [NDArray] = []
        var shared: [(SharedStorage, Int)] = []
        var constants: [Int: NDArray] = [:]
        var types: [TensorType] = []
        func slot(_ v: Variable) -> Int {
            if let s = slotOf[v] { return s }
            let s = slots.count
            slotOf[v] = s
            types.append(v.type)
            if let c = v.constantValue { constants[s] = c }
            slots.append(v.constantValue ?? NDArray(uncheckedShape: [], dtype: v.dtype, storage: [0]))
            if case .shared(let storage) = v.kind, !stop.contains(v) { shared.append((storage, s)) }
            return s
        }
        let inputSlots = inputs.map(slot)
        func checkLeaf(_ v: Variable) throws {
            if v.owner == nil && v.isInput && !stop.contains(v) {
                throw TesseraError.missingInput(
                    "function: the graph needs the input '\(v)' (\(v.type)), which is not in the inputs list; add it to the inputs, or give it a value")
            }
        }
        var steps: [Step] = []
        for node in order {
            for v in node.inputs { try checkLeaf(v) }
            let ins = node.inputs.map(slot)
            let outs = node.outputs.map(slot)
            steps.append(Step(op: node.op, inputSlots: ins, outputSlots: outs))
        }
        for v in outputs { try checkLeaf(v) }
        self.outputSlots = outputs.map(slot)
        self.slots = slots
        self.steps = steps
        self.inputSlots = inputSlots
        self.sharedSlots = shared
        self.constantSlots = constants
        self.slotTypes = types
    }

    /// The shapes and dtypes of every slot after the last run.
    var slotShapes: [[Int]] { slots.map(\.shape) }
    var slotDTypes: [DType] { slots.map(\.dtype) }

    /// Runs the program on input values (already converted to the inputs' types).
    func run(_ values: [NDArray]) throws -> [NDArray] {
        for (s, v) in zip(inputSlots, values) { slots[s] = v }
        for (storage, s) in sharedSlots { slots[s] = storage.value }
        for step in steps {
            argumentScratch.removeAll(keepingCapacity: true)
            for s in step.inputSlots { argumentScratch.append(slots[s]) }
            var outs: [NDArray]
            if step.outputSlots.count == 1 {
                // Move the buffer out of its slot so the kernel owns it uniquely (no copy on write).
                let s = step.outputSlots[0]
                outs = [slots[s]]
                slots[s] = NDArray.placeholder
            } else {
                outs = step.outputSlots.map { slots[$0] }
                for s in step.outputSlots { slots[s] = NDArray.placeholder }
            }
            do {
                try step.op.perform(argumentScratch, &outs)
            } catch {
                for (s, v) in zip(step.outputSlots, outs) { slots[s] = v }
                throw error
            }
            for (s, v) in zip(step.outputSlots, outs) { slots[s] = v }
        }
        argumentScratch.removeAll(keepingCapacity: true)
        return outputSlots.map { slots[$0] }
    }
}

extension NDArray {
    /// An empty stand-in for a slot whose buffer is lent to a kernel.
    static let placeholder = NDArray(uncheckedShape: [0], dtype: .float64, storage: [])
}
