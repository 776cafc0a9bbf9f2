import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A VM program compiled to native code for one set of input shapes: every slot has a
/// preallocated buffer, and a call is a copy of the inputs, the segments' native calls
/// (with VM steps between them where an op has no C code) and a copy of the outputs.
final class CProgram: @unchecked Sendable {
    typealias SegmentFunction = @convention(c) (UnsafePointer<UnsafeMutablePointer<Double>?>?) -> Int32
    enum Part {
        case native(SegmentFunction)
        case vm(VMProgram.Step)
    }

    let shapes: [[Int]]
    let dtypes: [DType]
    let table: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
    let parts: [Part]
    let program: VMProgram
    let source: String
    let isMixed: Bool

    init(program: VMProgram, shapes: [[Int]], dtypes: [DType], constants: [Int: NDArray], compiler: CCompiler) throws {
        self.program = program
        self.shapes = shapes
        self.dtypes = dtypes
        let emitter = CEmitter(program: program, shapes: shapes, dtypes: dtypes)
        source = emitter.source
        let handle = try compiler.library(for: emitter.source)
        if !emitter.callbackOps.isEmpty {
            typealias Setter = @convention(c) (
                @convention(c) (UnsafeRawPointer?, UnsafePointer<Double>?) -> Double,
                UnsafePointer<UnsafeRawPointer?>?, Int) -> Void
            guard let sym = dlsym(handle, "tess_set_callbacks") else {
                throw TesseraError.unsupported("compiled function lacks symbol tess_set_callbacks")
            }
            let ops = emitter.callbackOps.map { CCallbacks.box($0) }
            ops.withUnsafeBufferPointer { unsafeBitCast(sym, to: Setter.self)(CCallbacks.function, $0.baseAddress, ops.count) }
        }
        var parts: [Part] = []
        for p in emitter.parts {
            switch p {
            case .segment(let symbol, _):
                guard let sym = dlsym(handle, symbol) else {
                    throw TesseraError.unsupported("compiled function lacks symbol \(symbol)")
                }
                parts.append(.native(unsafeBitCast(sym, to: SegmentFunction.self)))
            case .vm(let i):
                parts.append(.vm(program.steps[i]))
            }
        }
        self.parts = parts
        isMixed = parts.contains { if case .vm = $0 { true } else { false } }
        table = .allocate(capacity: shapes.count)
        for (s, shape) in shapes.enumerated() {
            let n = Swift.max(1, shape.reduce(1, *))
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: n)
            buffer.initialize(repeating: 0, count: n)
            table[s] = buffer
        }
        for (s, value) in constants { write(value, to: s) }
    }

    deinit {
        for s in 0..<shapes.count { table[s]?.deallocate() }
        table.deallocate()
    }

    func write(_ value: NDArray, to slot: Int) {
        value.storage.withUnsafeBufferPointer { p in
            if let base = p.baseAddress { table[slot]!.update(from: base, count: p.count) }
        }
    }

    func read(_ slot: Int) -> NDArray {
        let n = shapes[slot].reduce(1, *)
        return NDArray(uncheckedShape: shapes[slot], dtype: dtypes[slot],
                       storage: Array(UnsafeBufferPointer(start: table[slot]!, count: n)))
    }

    /// Output arrays kept between calls: the native code writes into them directly, and they are
    /// reused when the caller has let go of the previous results.
    private var outputArrays: [[Double]] = []
    /// Large output positions whose slot is computed by a step (and is not repeated): written in place.
    private lazy var directOutputs: [Int] = {
        let computed = Set(program.steps.flatMap(\.outputSlots))
        var seen = Set<Int>()
        return program.outputSlots.indices.filter { i in
            let s = program.outputSlots[i]
            return computed.contains(s) && shapes[s].reduce(1, *) >= 4096 && seen.insert(s).inserted
        }
    }()

    /// Whether this program was built for these input and shared shapes.
    func matches(_ inputs: [NDArray], _ shared: [NDArray]) -> Bool {
        for (s, v) in zip(program.inputSlots, inputs) where shapes[s] != v.shape { return false }
        for ((_, s), v) in zip(program.sharedSlots, shared) where shapes[s] != v.shape { return false }
        return true
    }

    /// Runs with inputs (already of the shapes this program was built for) and shared values, and
    /// returns the outputs; `nil` when a native segment reports an error (the caller reruns on the VM).
    ///
    /// Large inputs are read in place (their buffers lent to the native code for the call); small
    /// ones are copied into the slot buffers. Outputs are written straight into the returned arrays.
    func call(inputs: [NDArray], shared: [NDArray]) throws -> [NDArray]? {
        var lent: [Int] = []
        var lentArrays: [[Double]] = []
        for (k, s) in program.inputSlots.enumerated() where inputs[k].count >= 4096 && !lent.contains(s) {
            lent.append(s)
            lentArrays.append(inputs[k].storage)
        }
        let direct = directOutputs
        if lent.isEmpty && direct.isEmpty {  // small arrays: copies are cheaper than lending
            guard try run(inputs: inputs, shared: shared) else { return nil }
            return outputs
        }
        if outputArrays.count != direct.count {
            outputArrays = direct.map { i in [Double](repeating: 0, count: shapes[program.outputSlots[i]].reduce(1, *)) }
        }
        var outs = outputArrays
        outputArrays = []
        let saved = (lent + direct.map { program.outputSlots[$0] }).map { ($0, table[$0]) }
        defer { for (s, p) in saved { table[s] = p } }
        let ok: Bool = try Self.withPointers(lentArrays) { inPtrs in
            for (s, p) in zip(lent, inPtrs) { table[s] = UnsafeMutablePointer(mutating: p) }
            return try Self.withMutablePointers(&outs) { outPtrs in
                for (i, p) in zip(direct, outPtrs) { table[program.outputSlots[i]] = p }
                return try run(inputs: inputs, shared: shared, skipping: Set(lent))
            }
        }
        guard ok else { outputArrays = outs; return nil }
        var results: [NDArray] = []
        results.reserveCapacity(program.outputSlots.count)
        for (i, s) in program.outputSlots.enumerated() {
            if let k = direct.firstIndex(of: i) {
                results.append(NDArray(uncheckedShape: shapes[s], dtype: dtypes[s], storage: outs[k]))
            } else {
                results.append(read(s))
            }
        }
        outputArrays = outs
        return results
    }

    private static func withMutablePointers<R>(_ arrays: inout [[Double]], _ body: ([UnsafeMutablePointer<Double>]) throws -> R) rethrows -> R {
        var ptrs: [UnsafeMutablePointer<Double>] = []
        func go(_ i: Int, _ arrays: inout [[Double]]) throws -> R {
            if i == arrays.count { return try body(ptrs) }
            var a = arrays[i]  // moved out, so the recursion may touch the other elements
            arrays[i] = []
            defer { arrays[i] = a }
            return try a.withUnsafeMutableBufferPointer { p in
                ptrs.append(p.baseAddress!)
                return try go(i + 1, &arrays)
            }
        }
        return try go(0, &arrays)
    }

    private static func withPointers<R>(_ arrays: [[Double]], _ body: ([UnsafePointer<Double>]) throws -> R) rethrows -> R {
        var ptrs: [UnsafePointer<Double>] = []
        func go(_ i: Int) throws -> R {
            if i == arrays.count { return try body(ptrs) }
            return try arrays[i].withUnsafeBufferPointer { p in
                ptrs.append(p.baseAddress!)
                return try go(i + 1)
            }
        }
        return try go(0)
    }

    /// Runs with inputs and shared values; `false` when a native segment reports an error.
    func run(inputs: [NDArray], shared: [NDArray], skipping: Set<Int> = []) throws -> Bool {
        for (s, v) in zip(program.inputSlots, inputs) where !skipping.contains(s) { write(v, to: s) }
        for ((_, s), v) in zip(program.sharedSlots, shared) { write(v, to: s) }
        for part in parts {
            switch part {
            case .native(let fn):
                if fn(UnsafePointer(table)) != 0 { return false }
            case .vm(let step):
                var outs = step.outputSlots.map { NDArray(uncheckedShape: [], dtype: dtypes[$0], storage: [0]) }
                try step.op.perform(step.inputSlots.map(read), &outs)
                for (s, v) in zip(step.outputSlots, outs) {
                    guard v.shape == shapes[s] else { return false }
                    write(v, to: s)
                }
            }
        }
        return true
    }

    var outputs: [NDArray] { program.outputSlots.map(read) }

    /// The hot path for one flat input: copies `x` into the input slot, runs, and copies the first two
    /// outputs into `out0`/`out1` (sizes as built). No allocation when every step is native and
    /// shared values are unchanged. `false` when a native segment reports an error or a VM step fails.
    func runFlat(_ x: UnsafeBufferPointer<Double>, _ out0: UnsafeMutablePointer<Double>,
                 _ out1: UnsafeMutablePointer<Double>?) -> Bool {
        let slot = program.inputSlots[0]
        table[slot]!.update(from: x.baseAddress!, count: x.count)
        for (k, (storage, s)) in program.sharedSlots.enumerated() where storage.version != sharedVersions[k] {
            write(storage.value, to: s)
            sharedVersions[k] = storage.version
        }
        for part in parts {
            switch part {
            case .native(let fn):
                if fn(UnsafePointer(table)) != 0 { return false }
            case .vm(let step):
                var outs = step.outputSlots.map { NDArray(uncheckedShape: [], dtype: dtypes[$0], storage: [0]) }
                do { try step.op.perform(step.inputSlots.map(read), &outs) } catch { return false }
                for (s, v) in zip(step.outputSlots, outs) {
                    guard v.shape == shapes[s] else { return false }
                    write(v, to: s)
                }
            }
        }
        let o = program.outputSlots
        out0.update(from: table[o[0]]!, count: Swift.max(1, shapes[o[0]].reduce(1, *)))
        if let out1, o.count > 1 { out1.update(from: table[o[1]]!, count: shapes[o[1]].reduce(1, *)) }
        return true
    }

    /// The shared values' versions last written into the slots (`runFlat` reloads only changed ones).
    lazy var sharedVersions: [Int] = program.sharedSlots.map { _ in -1 }
}
