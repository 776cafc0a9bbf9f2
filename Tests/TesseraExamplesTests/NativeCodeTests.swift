import Foundation
import Testing
import TesseraExamples
import TesseraPPL

/// The sampler's hot path of the anchor models runs as native code only (no VM steps).
@Test(arguments: ["talk", "eight_schools_noncentered", "hier_linreg", "grw", "censored"])
func anchorModelsRunNativeOnly(_ name: String) throws {
    guard let dir = AnchorModels.dataDirectory() else { return }
    let c = try AnchorModels.load(name, from: dir)
    let lf = try c.model.logpDlogpFunction()
    var g = [Double](repeating: 0, count: lf.dimension)
    _ = lf(c.fixedPoint, gradient: &g)
    _ = lf(c.fixedPoint, gradient: &g)
    #expect(lf.function.effectiveMode == .c)
    #expect(!lf.function.isMixed, "\(name) has VM steps:\n\(lf.function.dprint())")
}
