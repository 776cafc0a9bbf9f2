import Testing
import TesseraLogProb

@Test func latexOfTheTalkModel() throws {
    let mu = Random.normal(0.0, 1.0, name: "mu")
    let logSigma = Random.normal(0.0, 1.0, name: "log_sigma")
    let y = Random.normal(mu, exp(logSigma), name: "y")
    let text = y.latex()
    let expected = """
        \\mu \\sim \\operatorname{N}\\left(0, 1\\right)\\\\
        log_{\\text{sigma}} \\sim \\operatorname{N}\\left(0, 1\\right)\\\\
        y \\sim \\operatorname{N}\\left(\\mu, \\exp\\left(log_{\\text{sigma}}\\right)\\right)
        """
    #expect(text == expected)
    let mv = scalar("mu")
    let lp = try logp(mu, mv)
    #expect(lp.latex().contains("\\log\\left("))
}
