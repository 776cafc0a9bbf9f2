import Testing
import Tessera

/// Checks that the C backend computes what the VM computes (within `rtol`), and that native code ran.
public func checkBackendsAgree(_ inputs: [Variable], _ outputs: [Variable], at values: [[NDArray]], rtol: Double = 1e-12,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
    let vm = try function(inputs, outputs, mode: .vm)
    let c = try function(inputs, outputs, mode: .c)
    for v in values {
        let expected = try vm.call(v)
        for _ in 0..<2 {  // the first call builds native code, the second runs it
            let actual = try c.call(v)
            for (a, e) in zip(actual, expected) {
                expectClose(a, e, rtol: rtol, "c vs vm at \(v)", sourceLocation: sourceLocation)
            }
        }
    }
    #expect(c.effectiveMode == .c, "the C backend fell back: \(c.dprint())", sourceLocation: sourceLocation)
    #expect(c.cSource != nil, sourceLocation: sourceLocation)
}
