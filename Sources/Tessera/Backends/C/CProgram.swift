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

    /// Runs with inputs (already of the shapes this program was built for) and shared values.
    /// Returns `false` when a native segment reports an error (the caller reruns on the VM).
    func run(inputs: [NDArray], shared: [NDArray]) throws -> Bool {
        for (s, v) in zip(program.inputSlots, inputs) { write(v, to: s) }
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
}
