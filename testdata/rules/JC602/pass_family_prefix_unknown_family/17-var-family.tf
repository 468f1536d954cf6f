variable "family" {
  type = string
}
