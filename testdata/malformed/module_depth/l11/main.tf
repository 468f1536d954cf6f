module "next" {
  source = "../l12"
}
