import Testing
import TesseraPPL

@Test func pplReexportsLowerLayers() throws {
    let x = vector("x")
    #expect(try exp(x).eval([x: [0.0]]).doubles == [1.0])
    #expect(TesseraLogProbInfo.name == "TesseraLogProb")
}
