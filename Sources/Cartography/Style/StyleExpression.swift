import Foundation
import GeoCore

/// A value an expression produces.
public enum StyleValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case color(RGBA)

    public var number: Double? {
        switch self {
        case .number(let n): return n
        case .string(let s): return Double(s)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public var string: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): return String(b)
        default: return nil
        }
    }

    public var color: RGBA? {
        switch self {
        case .color(let c): return c
        case .string(let s): return RGBA(css: s)
        default: return nil
        }
    }

    public var truthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty
        case .color: return true
        }
    }
}

/// The MapLibre style-spec expressions Hinterland evaluates: get, has, literal, case, match,
/// step, interpolate (linear, exponential), coalesce, comparisons, arithmetic, to-number,
/// to-string, concat, zoom (a constant). A bare JSON value is a literal.
public indirect enum StyleExpression: Sendable {
    case literal(StyleValue)
    case get(String)
    case call(String, [StyleExpression])
    case match(StyleExpression, [([StyleValue], StyleExpression)], StyleExpression)
    case step(StyleExpression, StyleExpression, [(Double, StyleExpression)])
    case interpolate(Double, StyleExpression, [(Double, StyleExpression)])   // base (1 = linear)
    case cases([(StyleExpression, StyleExpression)], StyleExpression)

    static let operators: Set<String> = ["has", "!", "==", "!=", "<", "<=", ">", ">=", "all", "any", "+", "-", "*", "/", "%", "^",
                                         "min", "max", "abs", "sqrt", "ln", "log10", "round", "floor", "ceil", "to-number", "to-string",
                                         "to-boolean", "concat", "coalesce", "zoom", "upcase", "downcase", "length", "literal", "rgb", "rgba",
                                         "heatmap-density", "raster-value"]

    /// Parses an expression; `where` is its JSON path for error messages.
    public static func parse(_ j: JSONValue, at path: String, file: String) throws -> StyleExpression {
        func fail(_ m: String) -> HinterlandError { HinterlandError(file, "\(path): \(m)") }
        switch j {
        case .null: return .literal(.null)
        case .bool(let b): return .literal(.bool(b))
        case .number(let n): return .literal(.number(n))
        case .string(let s): return .literal(.string(s))
        case .object: throw fail("an object is not an expression")
        case .array(let a):
            guard let op = a.first?.string else {
                // A plain array (e.g. a dash pattern) is a literal only where the property expects one.
                throw fail("expected an expression [\"operator\", …]")
            }
            let args = Array(a.dropFirst())
            func sub(_ i: Int) throws -> StyleExpression {
                guard i < args.count else { throw fail("'\(op)' needs more arguments") }
                return try parse(args[i], at: "\(path)[\(i + 1)]", file: file)
            }
            switch op {
            case "get":
                guard let k = args.first?.string else { throw fail("'get' takes a property name") }
                return .get(k)
            case "literal":
                guard let v = args.first else { throw fail("'literal' takes a value") }
                return try parse(v, at: "\(path)[1]", file: file)
            case "match":
                guard args.count >= 4, args.count % 2 == 0 else { throw fail("'match' takes input, label/output pairs and a fallback") }
                var pairs = [([StyleValue], StyleExpression)]()
                var i = 1
                while i + 1 < args.count {
                    let labels: [StyleValue]
                    switch args[i] {
                    case .array(let l): labels = l.map(literalValue)
                    default: labels = [literalValue(args[i])]
                    }
                    pairs.append((labels, try sub(i + 1)))
                    i += 2
                }
                return .match(try sub(0), pairs, try sub(args.count - 1))
            case "step":
                guard args.count >= 2, args.count % 2 == 0 else { throw fail("'step' takes input, a base output, then stop/output pairs") }
                var stops = [(Double, StyleExpression)]()
                var i = 2
                while i + 1 < args.count {
                    guard let s = args[i].number else { throw fail("'step' stops must be numbers (argument \(i + 1))") }
                    if let last = stops.last, s <= last.0 { throw fail("'step' stops must increase") }
                    stops.append((s, try sub(i + 1))); i += 2
                }
                return .step(try sub(0), try sub(1), stops)
            case "interpolate":
                guard args.count >= 4, args.count % 2 == 0, let kind = args[0].array?.first?.string else {
                    throw fail("'interpolate' takes [\"linear\"], input and stop/output pairs")
                }
                var base = 1.0
                if kind == "exponential" { base = args[0].array?.dropFirst().first?.number ?? 1 } else if kind != "linear" {
                    throw fail("interpolation '\(kind)' is not supported (use linear or exponential)")
                }
                var stops = [(Double, StyleExpression)]()
                var i = 2
                while i + 1 < args.count {
                    guard let s = args[i].number else { throw fail("'interpolate' stops must be numbers") }
                    if let last = stops.last, s <= last.0 { throw fail("'interpolate' stops must increase") }
                    stops.append((s, try sub(i + 1))); i += 2
                }
                return .interpolate(base, try sub(1), stops)
            case "case":
                guard args.count >= 3, args.count % 2 == 1 else { throw fail("'case' takes condition/output pairs and a fallback") }
                var pairs = [(StyleExpression, StyleExpression)]()
                var i = 0
                while i + 1 < args.count { pairs.append((try sub(i), try sub(i + 1))); i += 2 }
                return .cases(pairs, try sub(args.count - 1))
            default:
                guard operators.contains(op) else { throw fail("unknown expression operator '\(op)'") }
                return .call(op, try args.indices.map(sub))
            }
        }
    }

    static func literalValue(_ j: JSONValue) -> StyleValue {
        switch j {
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        default: return .null
        }
    }

    /// Evaluates against a feature's properties.
    public func evaluate(_ props: [String: StyleValue]) -> StyleValue {
        switch self {
        case .literal(let v): return v
        case .get(let k): return props[k] ?? .null
        case .match(let input, let pairs, let fallback):
            let v = input.evaluate(props)
            for (labels, out) in pairs where labels.contains(where: { $0 == v || ($0.number != nil && $0.number == v.number && v.string == $0.string) }) {
                return out.evaluate(props)
            }
            return fallback.evaluate(props)
        case .step(let input, let base, let stops):
            guard let x = input.evaluate(props).number else { return base.evaluate(props) }
            var out = base
            for (s, e) in stops where x >= s { out = e }
            return out.evaluate(props)
        case .interpolate(let b, let input, let stops):
            guard let x = input.evaluate(props).number, let first = stops.first else { return .null }
            if x <= first.0 { return first.1.evaluate(props) }
            for k in 1..<stops.count where x <= stops[k].0 {
                let (x0, e0) = stops[k - 1], (x1, e1) = stops[k]
                let t = b == 1 ? (x - x0) / (x1 - x0) : (pow(b, x - x0) - 1) / (pow(b, x1 - x0) - 1)
                let v0 = e0.evaluate(props), v1 = e1.evaluate(props)
                if let c0 = v0.color, let c1 = v1.color, v0.number == nil { return .color(c0.mix(c1, t)) }
                if let n0 = v0.number, let n1 = v1.number { return .number(n0 + (n1 - n0) * t) }
                return t < 0.5 ? v0 : v1
            }
            return stops.last!.1.evaluate(props)
        case .cases(let pairs, let fallback):
            for (c, o) in pairs where c.evaluate(props).truthy { return o.evaluate(props) }
            return fallback.evaluate(props)
        case .call(let op, let args):
            let v = args.map { $0.evaluate(props) }
            func n(_ i: Int) -> Double? { i < v.count ? v[i].number : nil }
            func cmp(_ f: (Double, Double) -> Bool, _ g: (String, String) -> Bool) -> StyleValue {
                if let a = n(0), let b = n(1) { return .bool(f(a, b)) }
                if let a = v.first?.string, let b = v.dropFirst().first?.string { return .bool(g(a, b)) }
                return .bool(false)
            }
            switch op {
            case "has": return .bool((v.first?.string).map { props[$0] != nil && props[$0] != .null } ?? false)
            case "!": return .bool(!(v.first?.truthy ?? false))
            case "==": return .bool(v.count == 2 && (v[0] == v[1] || (v[0].number != nil && v[0].number == v[1].number)))
            case "!=": return .bool(!(v.count == 2 && (v[0] == v[1] || (v[0].number != nil && v[0].number == v[1].number))))
            case "<": return cmp(<, <)
            case "<=": return cmp(<=, <=)
            case ">": return cmp(>, >)
            case ">=": return cmp(>=, >=)
            case "all": return .bool(v.allSatisfy(\.truthy))
            case "any": return .bool(v.contains(where: \.truthy))
            case "+": return v.allSatisfy { $0.number != nil } ? .number(v.reduce(0) { $0 + $1.number! }) : .null
            case "*": return v.allSatisfy { $0.number != nil } ? .number(v.reduce(1) { $0 * $1.number! }) : .null
            case "-": if let a = n(0) { return v.count == 1 ? .number(-a) : n(1).map { .number(a - $0) } ?? .null }; return .null
            case "/": if let a = n(0), let b = n(1), b != 0 { return .number(a / b) }; return .null
            case "%": if let a = n(0), let b = n(1), b != 0 { return .number(a.truncatingRemainder(dividingBy: b)) }; return .null
            case "^": if let a = n(0), let b = n(1) { return .number(pow(a, b)) }; return .null
            case "min": return v.compactMap(\.number).min().map { .number($0) } ?? .null
            case "max": return v.compactMap(\.number).max().map { .number($0) } ?? .null
            case "abs": return n(0).map { .number(abs($0)) } ?? .null
            case "sqrt": return n(0).map { .number($0.squareRoot()) } ?? .null
            case "ln": return n(0).map { .number(log($0)) } ?? .null
            case "log10": return n(0).map { .number(log10($0)) } ?? .null
            case "round": return n(0).map { .number($0.rounded()) } ?? .null
            case "floor": return n(0).map { .number($0.rounded(.down)) } ?? .null
            case "ceil": return n(0).map { .number($0.rounded(.up)) } ?? .null
            case "to-number": return n(0).map { .number($0) } ?? (v.count > 1 ? v[1] : .null)
            case "to-string": return .string(v.first?.string ?? "")
            case "to-boolean": return .bool(v.first?.truthy ?? false)
            case "concat": return .string(v.map { $0.string ?? "" }.joined())
            case "upcase": return .string((v.first?.string ?? "").uppercased())
            case "downcase": return .string((v.first?.string ?? "").lowercased())
            case "length": return .number(Double((v.first?.string ?? "").count))
            case "coalesce": return v.first { $0 != .null } ?? .null
            case "zoom": return .number(5)
            case "heatmap-density": return props["heatmap-density"] ?? .number(0)
            case "raster-value": return props["value"] ?? .null
            case "rgb", "rgba":
                guard let r = n(0), let g = n(1), let b = n(2) else { return .null }
                return .color(RGBA(r / 255, g / 255, b / 255, n(3) ?? 1))
            default: return .null
            }
        }
    }
}
