# Fifteen levels of modules: deeper than jobcheck follows.
module "next" {
  source = "./l1"
}
