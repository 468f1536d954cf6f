module "next" {
  source = "../l11"
}
