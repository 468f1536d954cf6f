fn main() {
    let p = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&p).unwrap_or_default();
    let t = std::time::Instant::now();
    let b = hcl_edit::parser::parse_body(&text);
    eprintln!("hcl-edit parse {:?} ok={}", t.elapsed(), b.is_ok());
    let t = std::time::Instant::now();
    let r = jobcheck::load::parse::parse_hcl(jobcheck::source::FileId(0), &text);
    eprintln!("parse_hcl {:?} ok={}", t.elapsed(), r.is_ok());
}
