module "next" {
  source = "../l2"
}
