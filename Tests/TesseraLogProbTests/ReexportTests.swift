import Testing
import TesseraLogProb

@Test func logProbReexportsTessera() throws {
    let x = scalar("x")
    #expect(try (x * 2.0).eval([x: 1.5]).doubles == [3.0])
}
