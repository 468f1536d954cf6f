module "next" {
  source = "../l13"
}
