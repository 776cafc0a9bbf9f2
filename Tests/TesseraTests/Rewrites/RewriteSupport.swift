import Testing
@testable import Tessera
import TesseraTestSupport

/// The ops of a compiled function's graph, by printed name (composites expanded into their steps).
func compiledOpNames(_ f: Function) -> [String] {
    Graph.topologicalOrder(outputs: f.compiledOutputs, stop: Set(f.inputs)).flatMap { node -> [String] in
        if let e = node.op as? Elemwise, let c = e.scalarOp as? Composite {
            return c.steps.map(\.scalarOp.name)
        }
        return [node.op.name]
    }
}

/// Checks that a rewrite fires on `output` and that the compiled values equal the unrewritten ones
/// on the given input values.
func checkRewrite(
    _ rewriteName: String, inputs: [Variable], output: Variable, at values: [[NDArray]],
    rtol: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let rewritten = try function(inputs, [output])
    let plain = try function(inputs, [output], rewrites: .none)
    #expect(rewritten.firedRewrites.contains(rewriteName),
            "\(rewriteName) did not fire; fired: \(rewritten.firedRewrites)", sourceLocation: sourceLocation)
    for v in values {
        expectClose(try rewritten.call(v)[0], try plain.call(v)[0], rtol: rtol, checkDType: true,
                    "\(rewriteName) at \(v)", sourceLocation: sourceLocation)
    }
}
