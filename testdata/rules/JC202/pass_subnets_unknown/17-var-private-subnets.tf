variable "private_subnets" {
  type = list(string)
}
