import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TesseraPPL
import TesseraTestSupport

/// Counts elements by name while parsing, so a test can check an SVG is well-formed XML with its panels.
final class SVGCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    var inText = false
    func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
        inText = name == "text"
    }
    func parser(_ p: XMLParser, foundCharacters s: String) { if inText { texts.append(s) } }
    func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { inText = false }
}

@Suite struct PlotTests {
    @Test(arguments: PlotKind.allCases)
    func svgIsWellFormedWithItsPanels(_ kind: PlotKind) throws {
        let model = try talkModel()
        let idata = try samplePosteriorPredictive(model, try sample(model, draws: 100, tune: 100, chains: 2, seed: 8,
                                                                    progressBar: false), seed: 9)
        let svg = try plot(kind, idata)
        let counter = SVGCounter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "\(kind): not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.counts["svg"] == 1)
        if kind != .energy && kind != .ppc {
            #expect(counter.texts.contains("mu") && counter.texts.contains("log_sigma"), "\(kind) panels: \(counter.texts)")
        }
        if kind == .trace { #expect((counter.counts["polyline"] ?? 0) == 8) }  // 2 variables × 2 chains × (density + trace)
        if kind == .ppc { #expect(counter.texts.contains("y")) }
        if kind == .pair { #expect(counter.texts.contains("log_sigma vs mu")) }
    }

    @Test func unknownVariableIsAnError() throws {
        let idata = try sample(try talkModel(), draws: 20, tune: 20, chains: 1, seed: 8, progressBar: false)
        #expect(throws: InferenceDataError.self) { _ = try plot(.trace, idata, varNames: ["nope"]) }
    }
}
