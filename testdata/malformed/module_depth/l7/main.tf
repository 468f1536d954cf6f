module "next" {
  source = "../l8"
}
