# Names written to break out of a Mermaid or DOT label: quotes, brackets, arrows, HTML, entity
# and statement separators, DOT escapes, an ANSI escape and an OSC 8 hyperlink.
module "job" {
  for_each = toset([
    "x\"]-->evil[\"<img src=x onerror=alert(1)>#;|end",
    "a\\N\\G\\l\"; b -> c [label=\"pwn",
    "ansi\u001b[31mred\u001b]8;;http://x\u0007",
  ])
  source     = "./modules/scheduled-job"
  name       = each.key
  schedule   = "cron(0 3 ? * MON-FRI *)"
  subnet_ids = ["subnet-0a1b2c3d4e5f60718"]
}
