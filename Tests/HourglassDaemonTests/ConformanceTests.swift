import Foundation
import HourglassCommands
import Testing
import HourglassTestSupport

@Suite("Conformance vectors")
struct ConformanceTests {
    @Test("every vector file loads", arguments: ConformanceVector.files)
    func fileLoads(name: String) throws {
        let vectors = try ConformanceVector.load(name)
        #expect(vectors.count > 50)
    }

    @Test("all vectors are present")
    func allVectorsPresent() {
        #expect(ConformanceVector.all.count == 4_294)
    }

    @Test("next fire times match", arguments: ConformanceVector.all)
    func vector(_ vector: ConformanceVector) {
        let answer = BatchAnswer.answer(line: vector.request)
        if let error = vector.error {
            #expect(answer.error == error, "\(answer.message ?? "accepted: \(answer.next ?? [])")")
        } else {
            #expect(answer.error == nil, "\(answer.message ?? "")")
            #expect(answer.next == vector.expected)
        }
    }
}
