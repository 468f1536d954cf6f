module "next" {
  source = "../l3"
}
