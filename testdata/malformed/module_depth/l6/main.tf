module "next" {
  source = "../l7"
}
