module "next" {
  source = "../l4"
}
