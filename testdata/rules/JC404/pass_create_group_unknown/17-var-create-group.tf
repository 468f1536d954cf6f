variable "create_group" {
  type = string
}
